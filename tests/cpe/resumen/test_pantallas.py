"""The "Resumen diario" and "Comunicaciones de baja" screens, and "Comunicar baja" on a document."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cpe import resumen as servicio
from cpe.models import ComprobanteElectronico, EstadoCpe, Resumen
from cpe.programacion import nombre_tarea
from erp.navigation import sidebar
from tests import factories
from tests.cpe.resumen.conftest import ayer, emitir

pytestmark = pytest.mark.django_db(transaction=True)


def _mensajes(respuesta):
    return [str(m) for m in get_messages(respuesta.wsgi_request)]


def test_resumen_diario_lista_ficha_y_acciones(admin_client, emisor, sandbox):
    boletas = [emitir(emisor) for _ in range(2)]
    (resumen,) = servicio.resumenes_generar(empresa_id=emisor["empresa"].pk)
    lista_url = reverse("admin:cpe_resumendiario_changelist")

    lista = admin_client.get(lista_url).content.decode()
    for columna in ("CPE", "Ticket", "Documentos", "Fecha de generación", "Fecha de emisión", "Estado"):
        assert columna in lista
    assert resumen.identificador in lista and "Por enviar" in lista

    enviado = admin_client.post(reverse("admin:cpe_resumendiario_enviar", args=[resumen.pk]), follow=True)
    resumen.refresh_from_db()
    assert _mensajes(enviado) == [f"{resumen.identificador} (ticket {resumen.ticket}): En proceso en SUNAT"]
    for _ in range(2):  # 98, then the verdict
        consulta = admin_client.post(reverse("admin:cpe_resumendiario_consultar", args=[resumen.pk]), follow=True)
    assert _mensajes(consulta)[-1].startswith(f"{resumen.identificador} (ticket {resumen.ticket}): Aceptado")

    ficha = admin_client.get(reverse("admin:cpe_resumendiario_change", args=[resumen.pk])).content.decode()
    assert resumen.ticket in ficha and "Aceptado" in ficha
    for boleta in boletas:
        url = reverse("admin:billing_boleta_change", args=[boleta.documento_id])
        assert f'href="{url}"' in ficha and boleta.documento.numero_completo in ficha
    assert admin_client.get(lista_url, {"q": boletas[1].nombre}).content.decode().count(resumen.identificador) >= 1
    xml = admin_client.get(reverse("admin:cpe_resumendiario_descargar_xml", args=[resumen.pk]))
    assert xml["Content-Disposition"] == f'attachment; filename="{resumen.nombre}.xml"'
    cdr = admin_client.get(reverse("admin:cpe_resumendiario_descargar_cdr", args=[resumen.pk]))
    assert cdr["Content-Disposition"] == f'attachment; filename="R-{resumen.nombre}.zip"'

    # The boleta's page shows the summary it went in.
    pagina = admin_client.get(reverse("admin:billing_boleta_change", args=[boletas[0].documento_id])).content.decode()
    assert f"Informado en {resumen.identificador}, ticket {resumen.ticket}: aceptado" in pagina


def test_generar_y_enviar_pendientes_desde_la_lista(admin_client, emisor, sandbox):
    emitir(emisor)
    respuesta = admin_client.get(reverse("admin:cpe_resumendiario_generar"), follow=True)
    (resumen,) = Resumen.objects.all()
    assert _mensajes(respuesta)[0].startswith(f"{resumen.identificador} (ticket {resumen.ticket}): En proceso en SUNAT")
    respuesta = admin_client.get(reverse("admin:cpe_resumendiario_generar"), follow=True)
    assert _mensajes(respuesta) == ["No hay boletas ni anulaciones pendientes de informar."]


def test_comunicar_baja_de_una_factura(admin_client, emisor, sandbox):
    factura = emitir(emisor, "01", cliente=emisor["con_ruc"])
    ComprobanteElectronico.objects.filter(pk=factura.pk).update(estado=EstadoCpe.ACEPTADO)
    ficha_url = reverse("admin:billing_factura_change", args=[factura.documento_id])
    baja_url = reverse("admin:billing_factura_comunicar_baja", args=[factura.documento_id])

    assert baja_url in admin_client.get(ficha_url).content.decode()
    dialogo = admin_client.get(baja_url).content.decode()
    assert "Motivo de la baja" in dialogo
    corto = admin_client.post(baja_url, {"motivo": "x", "_form_submitted": "on"})
    assert corto.status_code == 200 and "motivo" in corto.context["form"].errors and not Resumen.objects.exists()

    respuesta = admin_client.post(baja_url, {"motivo": "Error en el RUC", "_form_submitted": "on"}, follow=True)

    (baja,) = Resumen.objects.all()
    hoy = timezone.localdate()
    assert _mensajes(respuesta) == [
        f"Se envió la comunicación de baja RA-{hoy:%Y%m%d}-1: ticket {baja.ticket}.",
        "SUNAT la está procesando: su resultado se consulta con el ticket y aparecerá en este documento.",
    ]
    ficha = respuesta.content.decode()
    assert f"Baja en RA-{hoy:%Y%m%d}-1, ticket {baja.ticket}: en proceso en sunat" in ficha
    consultar_url = reverse("admin:billing_factura_consultar_baja", args=[factura.documento_id])
    for _ in range(2):
        respuesta = admin_client.post(consultar_url, follow=True)
    assert _mensajes(respuesta)[-1] == (
        f"SUNAT aceptó la baja RA-{hoy:%Y%m%d}-1 (ticket {baja.ticket}): Factura {factura.documento.numero_completo} quedó anulado."
    )
    ficha = respuesta.content.decode()
    assert "Anulado en SUNAT" in ficha and baja_url not in ficha
    lista = admin_client.get(reverse("admin:cpe_comunicacionbaja_changelist")).content.decode()
    assert f"RA-{hoy:%Y%m%d}-1" in lista and "Error en el RUC" in lista and factura.numeracion in lista


def test_comunicar_baja_requiere_permiso_y_documento_aceptado(client, emisor):
    boleta = emitir(emisor, fecha=ayer())
    baja_url = reverse("admin:billing_boleta_comunicar_baja", args=[boleta.documento_id])
    client.force_login(emisor["vendedor"])
    ficha = client.get(reverse("admin:billing_boleta_change", args=[boleta.documento_id])).content.decode()
    assert baja_url not in ficha
    assert client.post(baja_url, {"motivo": "Venta anulada"}).status_code == 403


def test_menu_y_tarea_programada_visibles(rf, admin_client, emisor):
    solicitud = rf.get("/admin/")
    solicitud.user = factories.usuario("jefe", is_superuser=True)
    titulos = [i["title"] for g in sidebar(solicitud) if g["title"] == "Facturación electrónica" for i in g["items"]]
    assert "Resumen diario" in titulos and "Comunicaciones de baja" in titulos
    emitir(emisor)
    tareas = admin_client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    assert nombre_tarea(emisor["empresa"].ruc) in tareas
