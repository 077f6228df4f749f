import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from erp.models import Serie
from erp.services import serie_asignar_numero
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_cincuenta_numeros_concurrentes_sin_huecos_ni_duplicados():
    if connection.vendor != "postgresql":
        pytest.skip("the row lock is what is under test: PostgreSQL only")
    emp = factories.empresa()
    serie = factories.sucursal(emp, series=[("01", "F001")]).series.get()
    numeros, errores = [], []
    barrera = threading.Barrier(50)

    def emitir():
        try:
            barrera.wait()
            with transaction.atomic():
                numeros.append(serie_asignar_numero(serie_id=serie.pk))
        except Exception as exc:  # pragma: no cover - reported below
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=emitir) for _ in range(50)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    assert sorted(numeros) == list(range(1, 51))
    serie.refresh_from_db()
    assert serie.ultimo_numero == 50


@pytest.mark.django_db
def test_numero_se_devuelve_si_la_emision_falla():
    serie = factories.sucursal(factories.empresa(), series=[("03", "B001")]).series.get()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            serie_asignar_numero(serie_id=serie.pk)
            raise RuntimeError("falla al emitir")
    with transaction.atomic():
        assert serie_asignar_numero(serie_id=serie.pk) == 1


@pytest.mark.django_db
def test_serie_inactiva_no_da_numero():
    serie = factories.sucursal(factories.empresa(), series=[("03", "B001")]).series.get()
    Serie.objects.filter(pk=serie.pk).update(activo=False)
    with pytest.raises(ValidationError, match="B001 está inactiva"):
        with transaction.atomic():
            serie_asignar_numero(serie_id=serie.pk)
    serie.refresh_from_db()
    assert serie.ultimo_numero == 0


@pytest.mark.django_db(transaction=True)
def test_asignar_numero_exige_transaccion():
    serie = factories.sucursal(factories.empresa(), series=[("03", "B001")]).series.get()
    with pytest.raises(RuntimeError):
        serie_asignar_numero(serie_id=serie.pk)


@pytest.mark.django_db
def test_serie_con_formato_errado_se_rechaza_en_el_admin(admin_client):
    suc = factories.sucursal(factories.empresa())
    resp = admin_client.post(
        reverse("admin:erp_serie_add"),
        {"sucursal": suc.pk, "tipo_documento": "01", "serie": "B001", "ultimo_numero": 0, "activo": "on"},
    )
    assert "La serie de las facturas debe empezar con F (por ejemplo F001)." in resp.content.decode()
    assert not Serie.objects.exists()


@pytest.mark.django_db
def test_serie_repetida_en_la_empresa_se_rechaza(admin_client):
    emp = factories.empresa()
    factories.sucursal(emp, series=[("01", "F001")])
    otra = factories.sucursal(emp, codigo="0001")
    resp = admin_client.post(
        reverse("admin:erp_serie_add"),
        {"sucursal": otra.pk, "tipo_documento": "01", "serie": "F001", "ultimo_numero": 0, "activo": "on"},
    )
    assert "La empresa ya tiene esa serie para ese tipo de documento." in resp.content.decode()
    assert Serie.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Serie.objects.create(sucursal=otra, tipo_documento="01", serie="F001")


@pytest.mark.django_db
def test_sucursal_con_series_en_un_solo_formulario(admin_client):
    emp = factories.empresa()
    from erp.models import Distrito

    datos = {
        "empresa": emp.pk,
        "nombre": "Trujillo",
        "codigo_establecimiento": "0002",
        "direccion": "Jr. Pizarro 300",
        "distrito": Distrito.objects.get(ubigeo="130101").pk,
        "formato_impresion": "a4",
        "activo": "on",
        "series-TOTAL_FORMS": 2,
        "series-INITIAL_FORMS": 0,
        "series-0-tipo_documento": "01",
        "series-0-serie": "F003",
        "series-0-ultimo_numero": 0,
        "series-0-activo": "on",
        "series-1-tipo_documento": "03",
        "series-1-serie": "F003",
        "series-1-ultimo_numero": 0,
        "series-1-activo": "on",
    }
    resp = admin_client.post(reverse("admin:erp_sucursal_add"), datos)
    assert "La serie de las boletas debe empezar con B (por ejemplo B001)." in resp.content.decode()
    assert not emp.sucursales.exists()
    datos["series-1-serie"] = "B003"
    resp = admin_client.post(reverse("admin:erp_sucursal_add"), datos)
    assert resp.status_code == 302
    assert sorted(emp.series.values_list("serie", flat=True)) == ["B003", "F003"]
