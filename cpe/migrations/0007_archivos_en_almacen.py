"""The signed XML, zip and CDR of documents and summaries move from the database to the file storage.

Each row's bytes are written to the storage (erp.archivos) before its column is dropped; going back
reads them into the database again.
"""

from django.db import migrations, models

import erp.archivos

CAMPOS = ("xml", "zip", "cdr")
MODELOS = {"comprobanteelectronico": "cpe/comprobantes", "resumen": "cpe/resumenes"}
EXTENSION = {"xml": "xml", "zip": "zip", "cdr": "zip"}


def a_almacen(apps, schema_editor):
    for modelo, carpeta in MODELOS.items():
        Modelo = apps.get_model("cpe", modelo)
        filas = Modelo.objects.exclude(xml=None, zip=None, cdr=None).only("pk", "nombre", *CAMPOS)
        for fila in filas.iterator(chunk_size=200):
            nombres = {}
            for campo in CAMPOS:
                contenido = bytes(getattr(fila, campo) or b"")
                if contenido:
                    nombres[f"{campo}_archivo"] = erp.archivos.guardar_una_vez(
                        erp.archivos.ruta(carpeta, fila.nombre, campo, contenido, EXTENSION[campo]), contenido
                    )
            Modelo.objects.filter(pk=fila.pk).update(**nombres)


def a_base(apps, schema_editor):
    for modelo in MODELOS:
        Modelo = apps.get_model("cpe", modelo)
        filas = Modelo.objects.exclude(xml_archivo=None, zip_archivo=None, cdr_archivo=None)
        for fila in filas.values("pk", *(f"{c}_archivo" for c in CAMPOS)).iterator(chunk_size=200):
            Modelo.objects.filter(pk=fila["pk"]).update(
                **{c: erp.archivos.leer(fila[f"{c}_archivo"]) for c in CAMPOS if fila[f"{c}_archivo"]}
            )


def _nuevos(modelo: str) -> list:
    return [
        migrations.AddField(
            model_name=modelo,
            name=f"{campo}_archivo",
            field=models.CharField(max_length=200, null=True, editable=False),
        )
        for campo in CAMPOS
    ]


def _finales(modelo: str, carpeta: str) -> list:
    etiquetas = {"xml": "XML firmado", "zip": "ZIP enviado", "cdr": "CDR (ZIP)"}
    operaciones = []
    for campo in CAMPOS:
        operaciones += [
            migrations.RemoveField(model_name=modelo, name=campo),
            migrations.RenameField(model_name=modelo, old_name=f"{campo}_archivo", new_name=campo),
            migrations.AlterField(
                model_name=modelo,
                name=campo,
                field=erp.archivos.ArchivoField(etiquetas[campo], carpeta=carpeta, extension=EXTENSION[campo]),
            ),
        ]
    return operaciones


class Migration(migrations.Migration):
    dependencies = [("cpe", "0006_dialectos")]

    operations = [
        *(op for modelo in MODELOS for op in _nuevos(modelo)),
        migrations.RunPython(a_almacen, a_base),
        *(op for modelo, carpeta in MODELOS.items() for op in _finales(modelo, carpeta)),
    ]
