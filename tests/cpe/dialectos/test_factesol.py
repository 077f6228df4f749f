"""The factesol-style endpoints (seed 003): SUNAT's Facturador (SFS) files and their JSON, voidings, daily summaries by id."""

import json
import re
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.models import ComprobanteOtro, DocumentoVenta
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, Resumen
from tests.cpe.dialectos.servlet import HOY, hacer_agente
from tests.cpe.kit import validar

pytestmark = pytest.mark.django_db
CLIENTE = ["6", "20100070970", "SUPERMERCADOS S.A."]


def _det(unidad, cantidad, codigo, descripcion, valor, igv, base, precio) -> str:
    """One .DET line in SFS's groups: item and IGV (14 fields), ISC (7), other taxes (6), ICBPER (6), prices (3)."""
    item = [unidad, cantidad, codigo, "-", descripcion, valor, igv, "1000", igv, base, "IGV", "VAT", "10", "18.00"]
    isc, otros, icbper = ["-", "", "", "", "", "", ""], ["-", "", "", "", "", ""], ["-", "", "", "", "", ""]
    return "|".join(item + isc + otros + icbper + [precio, base, "0.00"]) + "|"


# Two laptops bags at 50.00 + a service of 200.00: value 300.00, IGV 54.00, total 354.00
DET = "\n".join([
    _det("NIU", "2", "P001", "Mochila para laptop", "50.00", "18.00", "100.00", "59.00"),
    _det("ZZ", "1", "S001", "Instalación", "200.00", "36.00", "200.00", "236.00"),
])  # fmt: skip


def _cab(*, total="354.00", igv="54.00", valor="300.00") -> str:
    return "|".join(["0101", HOY.isoformat(), "10:20:14", "-", "0000", *CLIENTE, "PEN", igv, valor, total, "0.00", "0.00", "0.00", total, "2.1", "2.0"]) + "|"


def _json_venta(nombre, **cabecera) -> dict:
    return {
        "archivo": nombre,
        "cabecera": {
            "tipOperacion": "0101", "fecEmision": HOY.isoformat(), "horEmision": "10:20:14", "fecVencimiento": "-", "codLocalEmisor": "0000",
            "tipDocUsuario": "1", "numDocUsuario": "45678912", "rznSocialUsuario": "JUAN PÉREZ", "tipMoneda": "PEN",
            "sumTotTributos": "18.00", "sumTotValVenta": "100.00", "sumPrecioVenta": "118.00", "sumDescTotal": "0.00",
            "sumOtrosCargos": "0.00", "sumTotalAnticipos": "0.00", "sumImpVenta": "118.00", "ublVersionId": "2.1", "customizationId": "2.0",
            **cabecera,
        },
        "detalle": [{
            "codUnidadMedida": "NIU", "ctdUnidadItem": "2", "codProducto": "P001", "codProductoSUNAT": "-", "desItem": "Mochila para laptop",
            "mtoValorUnitario": "50.00", "sumTotTributosItem": "18.00", "codTriIGV": "1000", "mtoIgvItem": "18.00", "mtoBaseIgvItem": "100.00",
            "nomTributoIgvItem": "IGV", "codTipTributoIgvItem": "VAT", "tipAfeIGV": "10", "porIgvItem": "18.00",
            "mtoPrecioVentaUnitario": "59.00", "mtoValorVentaItem": "100.00",
        }],
        "tributos": [{"ideTributo": "1000", "nomTributo": "IGV", "codTipTributo": "VAT", "mtoBaseImponible": "100.00", "mtoTributo": "18.00"}],
    }  # fmt: skip


class ClienteFactesol:
    def __init__(self, client, clave):
        self.client, self.clave = client, clave

    def archivos(self, ruta, nombre, partes: dict, *, clave=None):
        archivos = {ext: SimpleUploadedFile(f"{nombre}.{ext}", texto.encode("latin-1")) for ext, texto in partes.items()}
        return self.client.post(f"/factesol/api/v1/doc/{ruta}", archivos, HTTP_AUTHORIZATION=f"Bearer {clave or self.clave}")

    def json(self, ruta, cuerpo, *, clave=None):
        return self.client.post(
            f"/factesol/api/{ruta}", json.dumps(cuerpo), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {clave or self.clave}"
        )


@pytest.fixture
def factesol(client, servlet):
    return ClienteFactesol(client, servlet["clave"])


# --------------------------------------------------------------------------- against the sandbox


@pytest.mark.sandbox
@pytest.mark.django_db(transaction=True)
def test_factura_en_archivos_del_facturador_la_acepta_sunat_y_se_da_de_baja(factesol, servlet):
    ruc = servlet["empresa"].ruc
    nombre = f"{ruc}-01-F001-00000001"
    partes = {"CAB": _cab(), "DET": DET, "TRI": "1000|IGV|VAT|300.00|54.00|", "LEY": "1000|TRESCIENTOS CINCUENTA Y CUATRO CON 00/100 SOLES|"}
    respuesta = factesol.archivos("ventas", nombre, partes)
    cuerpo = respuesta.json()
    assert respuesta.status_code == 201, cuerpo
    assert (cuerpo["Success"], cuerpo["Code"]) == (True, "03")
    assert "ha sido aceptada" in cuerpo["Description"]
    documento = DocumentoVenta.objects.get(serie__serie="F001", numero=1)
    assert (documento.cliente.numero_documento, documento.importe_total) == ("20100070970", 354)
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    veredicto = validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")
    assert veredicto["status"] == "accepted", (veredicto["xsd_errors"], veredicto["rejections"])

    # The same file again: already registered, nothing new.
    otra = factesol.archivos("ventas", nombre, partes).json()
    assert (otra["Success"], otra["Code"]) == (False, "23")
    assert DocumentoVenta.objects.filter(serie__serie="F001").count() == 1

    baja = factesol.archivos("bajas", f"{ruc}-RA-{HOY:%Y%m%d}-1", {"CBA": f"{HOY}|{HOY}|01|F001-1|ERROR EN EL RUC|"}).json()
    assert (baja["Success"], baja["Code"]) == (True, "06"), baja
    assert baja["Description"].startswith("Comunicación RA-")


@pytest.mark.sandbox
@pytest.mark.django_db(transaction=True)
def test_boleta_en_json_y_su_resumen_por_id(factesol, servlet):
    ConfiguracionCpe.objects.filter(empresa=servlet["empresa"]).update(boletas_por_resumen=True)
    cuerpo = factesol.json("v1/doc/ventas", _json_venta(f"{servlet['empresa'].ruc}-03-B001-7")).json()
    # The series gives 1 next: a number out of sequence is refused and nothing is written.
    assert (cuerpo["Success"], cuerpo["Code"]) == (False, "21"), cuerpo
    assert "no es el siguiente de la serie B001" in cuerpo["Description"]
    cuerpo = factesol.json("v1/doc/ventas", _json_venta(f"{servlet['empresa'].ruc}-03-B001-1")).json()
    assert (cuerpo["Success"], cuerpo["Code"]) == (True, "01"), cuerpo
    assert "resumen diario" in cuerpo["Description"]

    creados = factesol.json(f"resumen/create/{HOY}", {}).json()
    resumen = Resumen.objects.get()
    assert creados == [resumen.pk]
    enviado = factesol.json(f"resumen/send/{resumen.pk}", {}).json()
    assert enviado == {"Success": True, "Code": "06", "Description": "Enviado a Sunat por procesar"}
    # The caller polls, as the seed's clients do, until SUNAT's ticket has its answer.
    for _ in range(10):
        estado = factesol.json(f"resumen/status/{resumen.pk}", {}).json()
        if estado["Code"] != "06":
            break
        time.sleep(0.5)
    resumen.refresh_from_db()
    assert estado == {"Success": True, "Code": "03", "Description": f"El Resumen diario {resumen.identificador} ha sido aceptado"}
    assert ComprobanteElectronico.objects.get(documento__serie__serie="B001").estado == EstadoCpe.ACEPTADO


# --------------------------------------------------------------------------- bad input


def test_sin_api_key_valida_no_entra(factesol, servlet):
    respuesta = factesol.json("v1/doc/ventas", _json_venta(f"{servlet['empresa'].ruc}-03-B001-1"), clave="no-es-una-clave")
    assert respuesta.status_code == 401
    assert respuesta.json()["Code"] == "10"


def test_el_ruc_del_archivo_debe_ser_el_de_la_empresa(factesol):
    cuerpo = factesol.json("v1/doc/ventas", _json_venta("20100070970-03-B001-1")).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("10", "El RUC 20100070970 del archivo no es el de la empresa de esta API key.")


def test_totales_que_no_cuadran_no_escriben_nada(factesol, servlet):
    nombre = f"{servlet['empresa'].ruc}-01-F001-1"
    cuerpo = factesol.archivos("ventas", nombre, {"CAB": _cab(total="355.00"), "DET": DET}).json()
    assert (cuerpo["Success"], cuerpo["Code"]) == (False, "21")
    assert "importe_total: declarado 355.00, calculado 354.00" in cuerpo["Description"]
    assert not DocumentoVenta.objects.exists()


def test_un_item_con_igv_mal_calculado_se_rechaza(factesol, servlet):
    venta = _json_venta(f"{servlet['empresa'].ruc}-03-B001-1")
    venta["detalle"][0]["mtoIgvItem"] = "17.00"
    cuerpo = factesol.json("v1/doc/ventas", venta).json()
    assert cuerpo["Code"] == "21" and "ítem 1 mtoIgvItem: declarado 17.00, calculado 18.00" in cuerpo["Description"]
    assert not DocumentoVenta.objects.exists()


def test_un_det_con_campos_de_menos_se_explica(factesol, servlet):
    cuerpo = factesol.archivos("ventas", f"{servlet['empresa'].ruc}-01-F001-1", {"CAB": _cab(), "DET": "NIU|2|P001|"}).json()
    assert cuerpo["Code"] == "20"
    assert cuerpo["Description"].endswith(".DET, línea 1: tiene 3 campos y el formato de SUNAT lleva 36.")


def test_falta_el_det(factesol, servlet):
    nombre = f"{servlet['empresa'].ruc}-01-F001-1"
    cuerpo = factesol.archivos("ventas", nombre, {"CAB": _cab()}).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("20", f"Faltan archivos: {nombre} lleva .CAB y .DET.")


def test_rutas_y_metodos_que_no_existen(factesol, client, servlet):
    assert factesol.json("v1/doc/cotizaciones", {}).json()["Code"] == "11"
    respuesta = client.get("/factesol/api/v1/doc/ventas", HTTP_AUTHORIZATION=f"Bearer {servlet['clave']}")
    assert (respuesta.status_code, respuesta.json()["Code"]) == (404, "11")


def test_el_resumen_de_otra_empresa_no_existe(factesol):
    cuerpo = factesol.json("resumen/status/999999", {})
    assert (cuerpo.status_code, cuerpo.json()["Code"]) == (404, "24")


def _ejemplos_de_la_guia() -> tuple[list[str], list[str]]:
    texto = (Path(__file__).resolve().parents[3] / "docs" / "dialectos.md").read_text(encoding="utf-8")
    seccion = texto.split("## Compatible con factesol", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```text\n(.*?)```", seccion, re.DOTALL), re.findall(r"```sh\n(.*?)```", seccion, re.DOTALL)


@pytest.mark.sandbox
@pytest.mark.django_db(transaction=True)
def test_los_ejemplos_curl_de_la_guia(servlet, live_server, tmp_path):
    """Every curl of the factesol section of docs/dialectos.md, run as written (placeholders filled), in order."""
    ConfiguracionCpe.objects.filter(empresa=servlet["empresa"]).update(boletas_por_resumen=True)
    hacer_agente(servlet)
    ruc = servlet["empresa"].ruc
    archivos, comandos = _ejemplos_de_la_guia()
    assert (len(archivos), len(comandos)) == (2, 8)
    for extension, contenido in zip(("CAB", "DET"), archivos, strict=True):
        (tmp_path / f"{ruc}-01-F001-1.{extension}").write_text(contenido.replace("2026-12-07", HOY.isoformat()), encoding="latin-1")

    def correr(comando: str, **marcas) -> dict:
        comando = comando.replace("http://127.0.0.1:8000", live_server.url).replace("<RUC>", ruc).replace("<API key>", servlet["clave"])
        comando = comando.replace("2026-12-07", HOY.isoformat()).replace("20261207", f"{HOY:%Y%m%d}")
        for marca, valor in marcas.items():
            comando = comando.replace(marca, valor)
        salida = subprocess.run(["bash", "-c", comando.replace("curl ", "curl -sS ", 1)], capture_output=True, text=True, timeout=60, check=True, cwd=tmp_path)
        return json.loads(salida.stdout)

    factura, boleta, baja, creados = (correr(c) for c in comandos[:4])
    assert (factura["Code"], boleta["Code"], baja["Code"]) == ("03", "01", "06"), (factura, boleta, baja)
    assert creados == [Resumen.objects.get(tipo="RC").pk]
    assert correr(comandos[4], **{"<id>": str(creados[0])})["Code"] == "06"
    for _ in range(10):
        estado = correr(comandos[5], **{"<id>": str(creados[0])})
        if estado["Code"] != "06":
            break
        time.sleep(0.5)
    assert estado["Description"] == f"El Resumen diario RC-{HOY:%Y%m%d}-1 ha sido aceptado"
    retencion, percepcion = (correr(c) for c in comandos[6:])
    assert retencion == {"Success": True, "Code": "03", "Description": "El Comprobante de Retencion numero R001-1, ha sido aceptado (0)"}
    assert percepcion == {"Success": True, "Code": "03", "Description": "El Comprobante de Percepcion numero P001-1, ha sido aceptado (0)"}
    assert [(o.numeracion, o.total) for o in ComprobanteOtro.objects.order_by("tipo")] == [("R001-1", Decimal("73.95")), ("P001-1", Decimal("47.20"))]
