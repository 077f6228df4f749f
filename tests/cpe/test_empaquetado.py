import datetime
import io
import zipfile

import pytest

from cpe.empaquetado import ZipInvalido, empaquetar, leer_zip, nombre_comprobante, nombre_resumen, partes_nombre


def test_nombres_de_sunat():
    assert nombre_comprobante("20100000001", "01", "F001", 25) == "20100000001-01-F001-25"
    assert nombre_resumen("20100000001", "RC", datetime.date(2024, 1, 31), 3) == "20100000001-RC-20240131-3"
    assert nombre_resumen("20100000001", "RA", datetime.date(2024, 2, 1), 1) == "20100000001-RA-20240201-1"
    with pytest.raises(ValueError, match="RC, RA o RR"):
        nombre_resumen("20100000001", "01", datetime.date(2024, 1, 31), 1)


def test_partes_de_un_nombre():
    assert partes_nombre("20100000001-07-FC01-211.zip") == {
        "ruc": "20100000001", "tipo": "07", "serie": "FC01", "numero": "211"
    }
    assert partes_nombre("20100000001-RA-20240201-12.xml") == {
        "ruc": "20100000001", "tipo": "RA", "serie": "20240201", "numero": "12"
    }
    assert partes_nombre("2010000000-01-F001-1.zip") is None  # RUC de 10 dígitos
    assert partes_nombre("20100000001-01-F01-1.zip") is None  # serie de 3 caracteres


def test_zip_con_el_xml_del_mismo_nombre():
    xml = b"<?xml version='1.0' encoding='UTF-8'?><Invoice/>"

    contenido = empaquetar("20100000001-01-F001-1", xml)

    with zipfile.ZipFile(io.BytesIO(contenido)) as zf:
        assert zf.namelist() == ["20100000001-01-F001-1.xml"]
        assert zf.read("20100000001-01-F001-1.xml") == xml
        assert zf.testzip() is None
    assert empaquetar("20100000001-01-F001-1", xml) == contenido  # the same XML, the same zip
    assert leer_zip(contenido) == ("20100000001-01-F001-1.xml", xml)


def _zip(*entradas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for nombre, datos in entradas:
            zf.writestr(nombre, datos)
    return buffer.getvalue()


def test_leer_cdr_con_carpeta_vacia_delante():
    cdr = "<?xml version='1.0' encoding='ISO-8859-1'?><R>Comunicación</R>".encode("iso-8859-1")

    nombre, xml = leer_zip(_zip(("dummy/", b""), ("R-20100000001-01-F001-1.xml", cdr)))

    assert nombre == "R-20100000001-01-F001-1.xml"
    assert xml == cdr


def test_zip_danado_o_sin_xml():
    with pytest.raises(ZipInvalido, match="dañado"):
        leer_zip(b"PK\x03\x04 esto no es un zip")
    with pytest.raises(ZipInvalido, match="no contiene ningún XML"):
        leer_zip(_zip(("dummy/", b""), ("leeme.txt", b"hola")))
