"""The files exchanged with SUNAT and the PDFs live in S3-compatible object storage, written once."""

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.exceptions import ValidationError
from django.core.files.storage import storages

from billing import services
from cpe.models import ComprobanteElectronico, EstadoCpe, IntentoEnvio
from cpe.sandbox.models import DocumentoRecibido
from cpe.services import cpe_enviar
from cpe.sunat import ErrorSunat
from erp.archivos import ArchivoExistente, guardar_una_vez
from tests.cpe.conftest import empresa_tienda  # noqa: F401  (fixture: the shop on the sandbox of a live server)
from tests.ventas import borrador

pytestmark = [pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]


def _emitir(tienda, tipo="01", **kwargs) -> ComprobanteElectronico:
    lineas = kwargs.pop("lineas", [(tienda["laptop"], 1, "2360")])
    documento = services.documento_emitir(
        documento_id=borrador(tienda, tipo=tipo, lineas=lineas, **kwargs).pk, usuario=tienda["vendedor"]
    )
    return ComprobanteElectronico.objects.get(documento=documento)


def _nombres(comprobante) -> dict[str, str]:
    """The stored names of the document's files, as its row holds them."""
    fila = ComprobanteElectronico.con_archivos.get(pk=comprobante.pk)
    return {c: fila._meta.get_field(c).value_from_object(fila) for c in ("xml", "zip", "cdr")}


def _recibido(comprobante) -> DocumentoRecibido:
    return DocumentoRecibido.objects.get(
        ruc=comprobante.empresa.ruc, serie=comprobante.serie, numero=comprobante.numero, registrado=True
    )


def _caido(s3):
    """A write to the bucket that never gets through, as when the object storage is down."""

    def guardar(nombre, contenido):
        raise EndpointConnectionError(endpoint_url=s3.entorno["ALMACEN_S3_ENDPOINT"])

    return guardar


def test_pipeline_cpe_guarda_y_lee_sus_archivos_en_s3(tienda, s3, admin_client, settings):
    factura = _emitir(tienda)
    boleta = _emitir(tienda, "03", cliente=tienda["con_dni"], lineas=[(tienda["mouse"], 2, "59")])
    for comprobante in (factura, boleta):
        assert cpe_enviar(comprobante_id=comprobante.pk).estado == EstadoCpe.ACEPTADO

    objetos = s3.objetos()
    for comprobante in (factura, boleta):
        nombres = _nombres(comprobante)
        assert all(n.startswith(f"cpe/comprobantes/{comprobante.nombre}/") for n in nombres.values())
        recibido = _recibido(comprobante)
        # In the bucket: the zip SUNAT received and the CDR it answered, byte for byte.
        assert objetos[nombres["zip"]] == bytes(recibido.zip)
        assert objetos[nombres["cdr"]] == bytes(recibido.cdr_zip)
        # Read back through the /cpe/ downloads.
        for archivo, campo in ((f"{comprobante.nombre}.xml", "xml"), (f"{comprobante.nombre}.zip", "zip"), (f"R-{comprobante.nombre}.zip", "cdr")):
            respuesta = admin_client.get(f"/cpe/{archivo}")
            assert respuesta.status_code == 200 and respuesta.content == objetos[nombres[campo]], archivo

    # The PDF is printed once, kept in the bucket, and the same bytes come back afterwards.
    pdf = admin_client.get(f"/cpe/{factura.nombre}.pdf").content
    guardados = {k: v for k, v in s3.objetos().items() if k.startswith(f"cpe/comprobantes/{factura.nombre}/pdf-")}
    assert list(guardados.values()) == [pdf] and pdf.startswith(b"%PDF")
    assert admin_client.get(f"/cpe/{factura.nombre}.pdf").content == pdf
    # Nothing of it on this machine's disk.
    assert not (settings.MEDIA_ROOT / "cpe").exists() or not any((settings.MEDIA_ROOT / "cpe").rglob(f"*{factura.nombre}*"))


def test_un_nombre_guardado_no_se_sobrescribe(s3):
    assert guardar_una_vez("pruebas/una-vez.txt", b"primero") == "pruebas/una-vez.txt"
    with pytest.raises(ArchivoExistente, match="no se reemplaza"):
        guardar_una_vez("pruebas/una-vez.txt", b"segundo")
    # The same bytes again (a retried step) find them there and write nothing new.
    assert guardar_una_vez("pruebas/una-vez.txt", b"primero") == "pruebas/una-vez.txt"
    assert s3.objetos() == {"pruebas/una-vez.txt": b"primero"}


def test_caida_del_almacen_al_guardar_el_cdr_deja_el_documento_para_reintentar(tienda, s3, monkeypatch):
    factura = _emitir(tienda)
    almacen = storages["default"]
    guardar = almacen._save
    monkeypatch.setattr(almacen, "_save", _caido(s3))
    comprobante = ComprobanteElectronico.objects.get(pk=factura.pk)
    with pytest.raises(ErrorSunat, match="CDR"):
        cpe_enviar(comprobante_id=factura.pk)  # the task retries it (ErrorSunat, retryable)
    comprobante = ComprobanteElectronico.objects.get(pk=factura.pk)
    # SUNAT registered it; we could not keep its CDR: the document says so and waits for another attempt.
    assert (comprobante.estado, comprobante.reintentable, _nombres(comprobante)["cdr"]) == (EstadoCpe.ERROR, True, None)
    assert "no se pudo guardar" in comprobante.descripcion and _recibido(comprobante).codigo == "0"

    monkeypatch.setattr(almacen, "_save", guardar)
    comprobante = cpe_enviar(comprobante_id=factura.pk)
    assert comprobante.estado == EstadoCpe.ACEPTADO
    operaciones = list(IntentoEnvio.objects.filter(comprobante=factura).order_by("inicio", "id").values_list("operacion", "resultado"))
    assert operaciones[-1] == ("getStatusCdr", "aceptado")
    assert s3.objetos()[_nombres(comprobante)["cdr"]] == bytes(_recibido(comprobante).cdr_zip)
    assert DocumentoRecibido.objects.filter(ruc=factura.empresa.ruc, numero=factura.numero, registrado=True).count() == 1


def test_sin_almacen_no_se_emite_y_se_dice_por_que(tienda, s3, monkeypatch):
    monkeypatch.setattr(storages["default"], "_save", _caido(s3))
    documento = borrador(tienda, lineas=[(tienda["laptop"], 1, "2360")])
    with pytest.raises(ValidationError, match="el almacenamiento de archivos no responde"):
        services.documento_emitir(documento_id=documento.pk, usuario=tienda["vendedor"])
    documento.refresh_from_db()
    # Nothing issued: no number used, no CPE, nothing in the bucket.
    assert documento.numero is None and not ComprobanteElectronico.objects.exists() and s3.objetos() == {}


def test_descarga_con_el_almacen_caido_responde_503_y_luego_el_archivo(tienda, s3, admin_client, monkeypatch):
    factura = _emitir(tienda)
    assert cpe_enviar(comprobante_id=factura.pk).estado == EstadoCpe.ACEPTADO
    almacen = storages["default"]

    def abrir(nombre, modo="rb"):
        raise EndpointConnectionError(endpoint_url=s3.entorno["ALMACEN_S3_ENDPOINT"])

    abrir_de_verdad = almacen._open
    monkeypatch.setattr(almacen, "_open", abrir)
    respuesta = admin_client.get(f"/cpe/{factura.nombre}.xml")
    assert respuesta.status_code == 503 and respuesta["Retry-After"] == "60"
    assert "almacenamiento de archivos no responde" in respuesta.content.decode()

    monkeypatch.setattr(almacen, "_open", abrir_de_verdad)
    respuesta = admin_client.get(f"/cpe/{factura.nombre}.xml")
    assert respuesta.status_code == 200 and respuesta.content == s3.objetos()[_nombres(factura)["xml"]]
