"""Load the reference data: ubigeo, countries, currencies and SUNAT catalogues 01, 03 and 06."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

MONEDAS = [
    # Ids 1-3 are the JSON API's factura_idmoneda.
    (1, "PEN", "Sol", "S/", "SOLES"),
    (2, "USD", "Dólar americano", "US$", "DÓLARES AMERICANOS"),
    (3, "EUR", "Euro", "€", "EUROS"),
    (4, "GBP", "Libra esterlina", "£", "LIBRAS ESTERLINAS"),
]

TIPOS_DOCUMENTO_IDENTIDAD = [
    # Ids 1-6 are the JSON API's *_idtipo_documento.
    (1, "0", "DOC.TRIB.NO.DOM.SIN.RUC", "DOC. TRIB. NO DOM. SIN RUC"),
    (2, "1", "DNI", "DOCUMENTO NACIONAL DE IDENTIDAD"),
    (3, "4", "CE", "CARNET DE EXTRANJERÍA"),
    (4, "6", "RUC", "REGISTRO ÚNICO DE CONTRIBUYENTES"),
    (5, "7", "PASAPORTE", "PASAPORTE"),
    (6, "A", "CDI", "CÉDULA DIPLOMÁTICA DE IDENTIDAD"),
    (7, "B", "DOC. PAÍS RESID.", "DOC. IDENTIDAD PAÍS RESIDENCIA - NO DOMICILIADO"),
    (8, "C", "TIN", "TAX IDENTIFICATION NUMBER - TIN (DOC. TRIB. PP.NN.)"),
    (9, "D", "IN", "IDENTIFICATION NUMBER - IN (DOC. TRIB. PP.JJ.)"),
    (10, "E", "TAM", "TARJETA ANDINA DE MIGRACIÓN"),
    (11, "F", "PTP", "PERMISO TEMPORAL DE PERMANENCIA"),
    (12, "G", "SALVOCONDUCTO", "SALVOCONDUCTO"),
]


def _json(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def cargar(apps, schema_editor):
    Departamento = apps.get_model("erp", "Departamento")
    Provincia = apps.get_model("erp", "Provincia")
    Distrito = apps.get_model("erp", "Distrito")
    Pais = apps.get_model("erp", "Pais")
    Moneda = apps.get_model("erp", "Moneda")
    TipoDocumentoIdentidad = apps.get_model("erp", "TipoDocumentoIdentidad")
    TipoComprobante = apps.get_model("erp", "TipoComprobante")
    UnidadMedida = apps.get_model("erp", "UnidadMedida")

    # Ids are those of the public ubigeo and country tables the replaced ERP's JSON API used
    # (district 1253 is ATE, country 179 is Perú); places created later got ids after them.
    ubigeo = _json("ubigeo.json")
    deps = {
        codigo[:2]: Departamento(id=i, codigo=codigo[:2], nombre=nombre)
        for i, codigo, nombre in ubigeo
        if codigo.endswith("0000")
    }
    Departamento.objects.bulk_create(deps.values())
    provs = {
        codigo[:4]: Provincia(id=i, codigo=codigo[:4], nombre=nombre, departamento=deps[codigo[:2]])
        for i, codigo, nombre in ubigeo
        if codigo.endswith("00") and not codigo.endswith("0000")
    }
    Provincia.objects.bulk_create(provs.values())
    Distrito.objects.bulk_create(
        Distrito(id=i, ubigeo=codigo, nombre=nombre, provincia=provs[codigo[:4]])
        for i, codigo, nombre in ubigeo
        if not codigo.endswith("00")
    )
    Pais.objects.bulk_create(Pais(id=i, codigo=codigo, nombre=nombre) for i, codigo, nombre in _json("paises.json"))
    Moneda.objects.bulk_create(
        Moneda(id=i, codigo=c, nombre=n, simbolo=s, nombre_plural=p) for i, c, n, s, p in MONEDAS
    )
    TipoDocumentoIdentidad.objects.bulk_create(
        TipoDocumentoIdentidad(id=i, codigo=c, abreviatura=a, nombre=n) for i, c, a, n in TIPOS_DOCUMENTO_IDENTIDAD
    )
    TipoComprobante.objects.bulk_create(
        TipoComprobante(codigo=c, nombre=n) for c, n in _json("tipos_comprobante.json")
    )
    UnidadMedida.objects.bulk_create(
        UnidadMedida(codigo=c, nombre=n, frecuente=f) for c, n, f in _json("unidades_medida.json")
    )
    # Explicit ids leave PostgreSQL sequences behind; move them past the data.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for model in (Departamento, Provincia, Distrito, Pais, Moneda, TipoDocumentoIdentidad):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )


class Migration(migrations.Migration):
    dependencies = [("erp", "0001_initial")]

    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
