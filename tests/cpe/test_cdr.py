import datetime
import io
import zipfile

import pytest

from cpe.cdr import CdrIlegible, EstadoCdr, Nota, leer_cdr, leer_cdr_zip
from tests.cpe.kit import MUESTRAS, requiere_kit

CDR = """<?xml version="1.0" encoding="{encoding}"?>
<ar:ApplicationResponse xmlns:ar="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>1700000000000</cbc:ID><cbc:IssueDate>2024-03-01</cbc:IssueDate>{notas}
 <cac:ReceiverParty><cac:PartyIdentification><cbc:ID>20100000001</cbc:ID></cac:PartyIdentification></cac:ReceiverParty>
 <cac:DocumentResponse><cac:Response><cbc:ReferenceID>F001-7</cbc:ReferenceID>
 <cbc:ResponseCode>{codigo}</cbc:ResponseCode><cbc:Description>{descripcion}</cbc:Description></cac:Response>
 </cac:DocumentResponse></ar:ApplicationResponse>"""


def _cdr(codigo="0", descripcion="La Factura numero F001-7, ha sido aceptada", notas="", encoding="UTF-8"):
    return CDR.format(codigo=codigo, descripcion=descripcion, notas=notas, encoding=encoding).encode(
        "iso-8859-1" if encoding.upper() == "ISO-8859-1" else "utf-8"
    )


@pytest.fixture(autouse=True)
def _kit():
    requiere_kit()


def test_cdr_de_sunat_en_iso_8859_1():
    cdr = leer_cdr((MUESTRAS / "cdr/R-20600995805-01-F001-1.xml").read_bytes())

    assert cdr.codigo == "0"
    assert cdr.estado == EstadoCdr.ACEPTADO and cdr.aceptado
    assert cdr.descripcion == "La Factura numero F001-00000001, ha sido aceptada"
    assert cdr.referencia == "F001-1"
    assert cdr.ruc_receptor == "20600995805"
    assert cdr.fecha == datetime.date(2016, 5, 25)
    assert cdr.hora == "08:22:48"
    assert cdr.notas == ()


def test_cdr_de_baja_en_zip():
    cdr = leer_cdr_zip((MUESTRAS / "cdr/cdrBaja.zip").read_bytes())

    assert cdr.referencia == "RA-20171001-1"
    assert cdr.descripcion == "La Comunicación de baja RA-20171001-1, ha sido aceptada"
    assert cdr.aceptado


def test_cdr_de_ose_con_hash_y_espacio_por_defecto():
    cdr = leer_cdr((MUESTRAS / "cdr/efact_cdr1.xml").read_bytes())

    assert cdr.codigo == "0"
    assert cdr.descripcion == "La Factura F001-1 ha sido aceptada."
    assert cdr.hash_documento == "RwNDwdsWs4XMKM4BoTAf5MKh3T8="
    assert cdr.ruc_receptor == "20000000001"
    assert cdr.id == "e449aad1-41f0-46e9-b10c-f33f680e0725"


def test_zip_de_cdr_con_una_carpeta_antes_del_xml():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("dummy/", b"")
        zf.writestr("R-20600995805-01-F001-1.xml", (MUESTRAS / "cdr/R-20600995805-01-F001-1.xml").read_bytes())

    assert leer_cdr_zip(buffer.getvalue()).referencia == "F001-1"


def test_aceptado_con_observaciones():
    notas = "<cbc:Note>4252 - El dato ingresado como atributo @listName es incorrecto.</cbc:Note><cbc:Note>4287 - Precio</cbc:Note>"

    cdr = leer_cdr(_cdr(notas=notas))

    assert cdr.estado == EstadoCdr.OBSERVADO and cdr.aceptado
    assert cdr.observaciones == (
        Nota("4252", "El dato ingresado como atributo @listName es incorrecto."),
        Nota("4287", "Precio"),
    )


@pytest.mark.parametrize("codigo", ["2335", "3280", "2000", "3999"])
def test_rechazado(codigo):
    cdr = leer_cdr(_cdr(codigo=codigo, descripcion="El importe total del comprobante no coincide"))

    assert cdr.estado == EstadoCdr.RECHAZADO
    assert not cdr.aceptado
    assert cdr.codigo == codigo


def test_codigo_de_excepcion_no_es_aceptado():
    cdr = leer_cdr(_cdr(codigo="0109", descripcion="servicio no disponible"))

    assert cdr.estado == EstadoCdr.EXCEPCION
    assert not cdr.aceptado


def test_iso_8859_1_sin_declaracion():
    xml = _cdr(descripcion="Comunicación aceptada").replace(b'<?xml version="1.0" encoding="UTF-8"?>', b"")

    cdr = leer_cdr(xml.decode("utf-8").encode("iso-8859-1"))

    assert cdr.descripcion == "Comunicación aceptada"


def test_no_resuelve_entidades_externas(tmp_path):
    secreto = tmp_path / "secreto.txt"
    secreto.write_text("CLAVE-SECRETA")
    xml = _cdr(descripcion="&xxe;").replace(
        b"<ar:ApplicationResponse", f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secreto}">]>\n<ar:ApplicationResponse'.encode(), 1
    )

    try:
        cdr = leer_cdr(xml)
    except CdrIlegible:
        return
    assert "CLAVE-SECRETA" not in cdr.descripcion


@pytest.mark.parametrize(
    "contenido, mensaje",
    [
        (b"", "vacío"),
        (b"<html>error</html>", "no es un CDR"),
        (b"<ar:ApplicationResponse", "no es un XML válido"),
    ],
)
def test_cdr_ilegible(contenido, mensaje):
    with pytest.raises(CdrIlegible, match=mensaje):
        leer_cdr(contenido)


def test_zip_de_cdr_danado():
    with pytest.raises(CdrIlegible, match="ZIP del CDR"):
        leer_cdr_zip(b"PK\x03\x04 roto")
