import pytest
from django.core.management import call_command
from stdnum.pe import ruc

from erp.demo import API_KEY_DEMO
from erp.models import ApiKey, Empresa, Serie, Socio, Usuario

pytestmark = pytest.mark.django_db


def test_demo_es_idempotente_e_imprime_como_entrar(capsys):
    call_command("demo")
    primera = capsys.readouterr().out
    conteos = [m.objects.count() for m in (Empresa, Serie, Socio, Usuario, ApiKey)]
    call_command("demo")
    assert [m.objects.count() for m in (Empresa, Serie, Socio, Usuario, ApiKey)] == conteos

    empresa = Empresa.objects.get()
    assert ruc.is_valid(empresa.ruc)
    assert f"RUC {empresa.ruc}" in primera
    assert "admin / admin123" in primera and API_KEY_DEMO in primera
    assert empresa.tiene_certificado and empresa.tiene_sol and empresa.entorno_sunat == "sandbox"
    assert empresa.sucursales.count() == 2
    assert set(empresa.series.values_list("serie", flat=True)) >= {"F001", "B001", "FC01", "BD01", "T001"}
    assert ApiKey.objects.autenticar(API_KEY_DEMO).username == "admin"


def test_usuarios_demo_con_perfiles_distintos():
    call_command("demo")
    vendedor = Usuario.objects.get(username="vendedor")
    assert not vendedor.ve_todas_las_sucursales
    assert list(vendedor.sucursales_permitidas().values_list("codigo_establecimiento", flat=True)) == ["0000"]
    assert vendedor.has_perm("erp.add_cliente") and not vendedor.has_perm("erp.change_empresa")
    assert Usuario.objects.get(username="contador").ve_todas_las_sucursales
