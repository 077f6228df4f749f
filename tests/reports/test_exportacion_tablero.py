"""A large export queued for the "reportes" worker with its progress and download; the dashboard's figures."""

import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from cpe.models import ComprobanteElectronico, EstadoCpe
from reports import tasks, views
from reports.models import Exportacion
from reports.tablero import cifras
from tests import factories
from tests.ventas import HOY

pytestmark = pytest.mark.django_db
PERIODO = {"desde": "01/11/2026", "hasta": "30/11/2026"}


def test_exportacion_grande_en_cola_con_avance_y_descarga_una_sola_vez(ventas, client, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    ventas["gerente"].email = "gerente@example.com"
    ventas["gerente"].save()
    monkeypatch.setattr(views, "LIMITE_DIRECTO", 2)  # the three document types are "many rows"
    client.force_login(ventas["gerente"])
    url = reverse("reports:excel", args=["ventas-tipo"])
    with django_capture_on_commit_callbacks(execute=False) as encolados:
        resp = client.get(url, PERIODO)
    exportacion = Exportacion.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("reports:exportacion", args=[exportacion.pk])
    assert len(encolados) == 1 and exportacion.parametros == PERIODO
    # Asked again while it waits: the same export, and the user is told.
    repetida = client.get(url, PERIODO, follow=True)
    assert Exportacion.objects.count() == 1 and "Esa exportación ya se está generando" in repetida.content.decode()
    estado = client.get(reverse("reports:exportacion_estado", args=[exportacion.pk])).json()
    assert (estado["estado"], estado["progreso"], estado["descarga"]) == ("pendiente", 0, "")

    tasks.exportar(exportacion.pk)  # what the worker of the "reportes" queue runs
    assert [m.to for m in mail.outbox] == [["gerente@example.com"]] and "Ventas por tipo de documento" in mail.outbox[0].subject
    assert reverse("reports:descargar", args=[exportacion.pk]) in mail.outbox[0].body

    estado = client.get(reverse("reports:exportacion_estado", args=[exportacion.pk])).json()
    assert (estado["estado"], estado["progreso"], estado["filas"]) == ("lista", 100, 3)
    archivo = client.get(estado["descarga"])
    hoja = openpyxl.load_workbook(io.BytesIO(b"".join(archivo.streaming_content))).active
    assert [hoja.cell(row=8, column=c).value for c in (1, 2, 6)] == ["Totales", 3, 2596]
    # Another user's export is not found.
    client.force_login(ventas["analista"])
    assert client.get(estado["descarga"]).status_code == 404


def test_cifras_del_tablero_en_las_sucursales_del_usuario(ventas, client):
    ComprobanteElectronico.objects.filter(documento=ventas["boleta"]).update(estado=EstadoCpe.RECHAZADO)
    c = cifras(ventas["gerente"], hoy=HOY)
    # Trujillo's 2,360 is not the user's; October had no sales.
    assert (c["ventas"]["hoy"], c["ventas"]["mes"], c["ventas"]["mes_anterior"]) == ("2596.00", "2596.00", "0")
    assert c["ventas"]["por_sucursal"] == [{"sucursal": ventas["sucursal"].nombre, "total": "2596.00"}]
    assert (c["cpe"]["pendientes"], c["cpe"]["rechazados"]) == (3, 1)
    assert c["tesoreria"]["por_cobrar_vencido"] == "0.00" and c["inventario"]["sin_stock"] == 0
    # Ten days later both documents are overdue.
    despues = cifras(ventas["gerente"], hoy=HOY.replace(day=30))
    assert despues["tesoreria"]["por_cobrar_vencido"] == "2596.00" and despues["ventas"]["hoy"] == "0"
    assert despues["ventas"]["enlaces"]["mes"] == reverse("reports:ver", args=["ventas-periodo"]) + "?desde=01%2F11%2F2026&hasta=30%2F11%2F2026"

    client.force_login(ventas["gerente"])
    datos = client.get(reverse("reports:tablero")).json()
    assert set(datos) >= {"ventas", "cpe", "tesoreria", "inventario"}
    inicio = client.get(reverse("admin:index")).content.decode()
    assert "Resumen del negocio" in inicio and "Ventas del mes por sucursal" in inicio and reverse("reports:ver", args=["por-cobrar"]) in inicio
    # Without report modules, no figures and no panel.
    solo = factories.usuario("cajero", sucursales=[ventas["sucursal"]])
    assert set(cifras(solo)) == {"fecha", "moneda"}
