"""UBL 2.1 DespatchAdvice of a guía de remisión (09 remitente, 31 transportista), GRE 2022 profile.

`construir_guia(guia)` returns the unsigned document as UTF-8 bytes, written
like cpe.ubl's documents (direct text, its own inclusive C14N form, an empty
ExtensionContent for the signature), so firma.firmar_canonico signs it as is.
Element order follows UBL-DespatchAdvice-2.1.xsd; the content follows
ValidaExprRegGreRemitente / GreTransportista-2.0.1.xsl.
"""

from __future__ import annotations

from decimal import Decimal

from cpe.domain import Cliente
from cpe.domain_guia import (
    DOCUMENTOS_RELACIONADOS,
    EXPORTACION,
    IMPORTACION,
    MOTIVOS,
    PUBLICO,
    TRANSPORTISTA,
    Guia,
    Punto,
    Transportista,
)
from cpe.ubl import NS_CAC, NS_CBC, NS_DS, NS_EXT, _a, _sin_ceros, _t, firma_referida

NS_GUIA = "urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2"
# Attributes in C14N order (sorted by name), so the document stays its own canonical form.


def _cat(numero: str, nombre: str) -> str:
    return f'listAgencyName="PE:SUNAT" listName="{nombre}" listURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo{numero}"'


def _doc(tipo: str) -> str:
    return (
        f'schemeAgencyName="PE:SUNAT" schemeID="{_a(tipo)}" schemeName="Documento de Identidad"'
        ' schemeURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo06"'
    )


def _parte(out: list, tipo_documento: str, numero: str, razon_social: str) -> None:
    out.append(
        f'<cac:Party><cac:PartyIdentification><cbc:ID {_doc(tipo_documento)}>{_t(numero)}</cbc:ID>'
        f"</cac:PartyIdentification><cac:PartyLegalEntity><cbc:RegistrationName>{_t(razon_social)}"
        "</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party>"
    )


def _cliente(out: list, tag: str, cliente: Cliente) -> None:
    out.append(f"<cac:{tag}>")
    _parte(out, cliente.tipo_documento, cliente.numero_documento, cliente.razon_social)
    out.append(f"</cac:{tag}>")


def _punto(out: list, tag: str, punto: Punto) -> None:
    out.append(f'<cac:{tag}><cbc:ID schemeAgencyName="PE:INEI" schemeName="Ubigeos">{_t(punto.ubigeo)}</cbc:ID>')
    if punto.codigo_establecimiento:
        out.append(
            f'<cbc:AddressTypeCode listAgencyName="PE:SUNAT" listID="{_a(punto.ruc)}" listName="Establecimientos anexos">'
            f"{_t(punto.codigo_establecimiento)}</cbc:AddressTypeCode>"
        )
    out.append(f"<cac:AddressLine><cbc:Line>{_t(punto.direccion)}</cbc:Line></cac:AddressLine></cac:{tag}>")


def _documentos(out: list, g: Guia) -> None:
    for doc in g.documentos:
        out.append(
            f"<cac:AdditionalDocumentReference><cbc:ID>{_t(doc.numero)}</cbc:ID>"
            f'<cbc:DocumentTypeCode {_cat("61", "Documento relacionado al transporte")}>'
            f"{_t(doc.tipo_documento)}</cbc:DocumentTypeCode>"
            f"<cbc:DocumentType>{_t(DOCUMENTOS_RELACIONADOS.get(doc.tipo_documento, ''))}</cbc:DocumentType>"
        )
        if doc.ruc_emisor:
            out.append(
                f'<cac:IssuerParty><cac:PartyIdentification><cbc:ID {_doc("6")}>{_t(doc.ruc_emisor)}</cbc:ID>'
                "</cac:PartyIdentification></cac:IssuerParty>"
            )
        out.append("</cac:AdditionalDocumentReference>")


def _etapa(out: list, g: Guia) -> None:
    out.append("<cac:ShipmentStage>")
    if g.tipo_documento != TRANSPORTISTA:
        out.append(
            f'<cbc:TransportModeCode {_cat("18", "Modalidad de traslado")}>'
            f"{_t(g.modalidad)}</cbc:TransportModeCode>"
        )
    out.append(f"<cac:TransitPeriod><cbc:StartDate>{g.fecha_inicio.isoformat()}</cbc:StartDate></cac:TransitPeriod>")
    t = g.transportista
    if g.tipo_documento == TRANSPORTISTA:
        # A carrier's guide names the carrier itself, with its MTC registration.
        t = Transportista(g.emisor.ruc, g.emisor.razon_social, g.registro_mtc)
    elif g.modalidad != PUBLICO:
        t = None
    if t is not None:
        out.append(
            f'<cac:CarrierParty><cac:PartyIdentification><cbc:ID schemeID="6">{_t(t.ruc)}</cbc:ID>'
            f"</cac:PartyIdentification><cac:PartyLegalEntity><cbc:RegistrationName>{_t(t.razon_social)}"
            "</cbc:RegistrationName>"
        )
        if t.registro_mtc:
            out.append(f"<cbc:CompanyID>{_t(t.registro_mtc)}</cbc:CompanyID>")
        out.append("</cac:PartyLegalEntity></cac:CarrierParty>")
    if g.tipo_documento == TRANSPORTISTA or g.modalidad != PUBLICO:
        for n, c in enumerate(g.conductores):
            out.append(
                f'<cac:DriverPerson><cbc:ID {_doc(c.tipo_documento)}>{_t(c.numero_documento)}</cbc:ID>'
                f"<cbc:FirstName>{_t(c.nombres)}</cbc:FirstName><cbc:FamilyName>{_t(c.apellidos)}</cbc:FamilyName>"
                f"<cbc:JobTitle>{'Principal' if n == 0 else 'Secundario'}</cbc:JobTitle>"
                f"<cac:IdentityDocumentReference><cbc:ID>{_t(c.licencia)}</cbc:ID></cac:IdentityDocumentReference>"
                "</cac:DriverPerson>"
            )
    out.append("</cac:ShipmentStage>")


def _envio(out: list, g: Guia) -> None:
    out.append("<cac:Shipment><cbc:ID>SUNAT_Envio</cbc:ID>")
    if g.tipo_documento != TRANSPORTISTA:
        out.append(
            f'<cbc:HandlingCode {_cat("20", "Motivo de traslado")}>{_t(g.motivo)}</cbc:HandlingCode>'
            f"<cbc:HandlingInstructions>{_t(g.descripcion_motivo or MOTIVOS.get(g.motivo, ''))}</cbc:HandlingInstructions>"
        )
    out.append(
        f'<cbc:GrossWeightMeasure unitCode="{_a(g.unidad_peso)}">{_sin_ceros(g.peso_bruto, 3)}</cbc:GrossWeightMeasure>'
    )
    if g.bultos and g.tipo_documento != TRANSPORTISTA:
        out.append(f"<cbc:TotalTransportHandlingUnitQuantity>{g.bultos}</cbc:TotalTransportHandlingUnitQuantity>")
    if g.tipo_documento == TRANSPORTISTA:
        out.append(f"<cbc:SpecialInstructions>SUNAT_Envio_IndicadorPagadorFlete_{_t(g.pagador_flete)}</cbc:SpecialInstructions>")
    elif g.motivo in (IMPORTACION, EXPORTACION):
        # The guide moves the whole declaration: SUNAT then asks for no net weight nor per-line customs data.
        out.append("<cbc:SpecialInstructions>SUNAT_Envio_IndicadorTrasladoTotalDAMoDS</cbc:SpecialInstructions>")
    _etapa(out, g)
    out.append("<cac:Delivery>")
    _punto(out, "DeliveryAddress", g.llegada)
    out.append("<cac:Despatch>")
    _punto(out, "DespatchAddress", g.partida)
    if g.remitente is not None:
        r = g.remitente
        out.append(
            f'<cac:DespatchParty><cac:PartyIdentification><cbc:ID {_doc(r.tipo_documento)}>'
            f"{_t(r.numero_documento)}</cbc:ID></cac:PartyIdentification><cac:PartyLegalEntity>"
            f"<cbc:RegistrationName>{_t(r.razon_social)}</cbc:RegistrationName></cac:PartyLegalEntity>"
            "</cac:DespatchParty>"
        )
    out.append("</cac:Despatch></cac:Delivery>")
    if g.vehiculos and (g.tipo_documento == TRANSPORTISTA or g.modalidad != PUBLICO):
        principal, *secundarios = g.vehiculos
        out.append(f"<cac:TransportHandlingUnit><cac:TransportEquipment><cbc:ID>{_t(principal.placa)}</cbc:ID>")
        for v in secundarios:
            out.append(f"<cac:AttachedTransportEquipment><cbc:ID>{_t(v.placa)}</cbc:ID></cac:AttachedTransportEquipment>")
        out.append("</cac:TransportEquipment></cac:TransportHandlingUnit>")
    if g.puerto is not None:
        p = g.puerto
        nombre, catalogo = ("Puertos", "63") if p.tipo == "1" else ("Aeropuertos", "64")
        out.append(
            f'<cac:FirstArrivalPortLocation><cbc:ID schemeAgencyName="PE:SUNAT" schemeName="{nombre}"'
            f' schemeURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo{catalogo}">{_t(p.codigo)}</cbc:ID>'
            f"<cbc:LocationTypeCode>{_t(p.tipo)}</cbc:LocationTypeCode><cbc:Name>{_t(p.nombre)}</cbc:Name>"
            "</cac:FirstArrivalPortLocation>"
        )
    out.append("</cac:Shipment>")


def _cantidad(valor: Decimal) -> str:
    return _sin_ceros(valor, 10)


def construir_guia(g: Guia) -> bytes:
    """The unsigned DespatchAdvice of `g`, UTF-8 encoded with an XML declaration."""
    emisor = g.emisor
    ruc, razon = _t(emisor.ruc), _t(emisor.razon_social)
    out = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<DespatchAdvice xmlns="{NS_GUIA}"'
        f' xmlns:cac="{NS_CAC}" xmlns:cbc="{NS_CBC}" xmlns:ds="{NS_DS}" xmlns:ext="{NS_EXT}">'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent>"
        "</ext:UBLExtension></ext:UBLExtensions>"
        "<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>2.0</cbc:CustomizationID>"
        f"<cbc:ID>{_t(g.numeracion)}</cbc:ID><cbc:IssueDate>{g.fecha_emision.isoformat()}</cbc:IssueDate>"
        f"<cbc:IssueTime>{g.hora_emision:%H:%M:%S}</cbc:IssueTime>"
        f'<cbc:DespatchAdviceTypeCode {_cat("01", "Tipo de Documento")}>{g.tipo_documento}'
        "</cbc:DespatchAdviceTypeCode>"
    ]
    if g.observacion:
        out.append(f"<cbc:Note>{_t(g.observacion)}</cbc:Note>")
    _documentos(out, g)
    out.append(firma_referida(ruc, razon) + "<cac:DespatchSupplierParty>")
    _parte(out, "6", emisor.ruc, emisor.razon_social)
    out.append("</cac:DespatchSupplierParty>")
    _cliente(out, "DeliveryCustomerParty", g.destinatario)
    if g.proveedor is not None:
        _cliente(out, "SellerSupplierParty", g.proveedor)
    _envio(out, g)
    for n, linea in enumerate(g.lineas, start=1):
        out.append(
            f'<cac:DespatchLine><cbc:ID>{n}</cbc:ID><cbc:DeliveredQuantity unitCode="{_a(linea.unidad)}">'
            f"{_cantidad(linea.cantidad)}</cbc:DeliveredQuantity>"
            f"<cac:OrderLineReference><cbc:LineID>{n}</cbc:LineID></cac:OrderLineReference>"
            f"<cac:Item><cbc:Description>{_t(linea.descripcion)}</cbc:Description>"
        )
        if linea.codigo:
            out.append(f"<cac:SellersItemIdentification><cbc:ID>{_t(linea.codigo)}</cbc:ID></cac:SellersItemIdentification>")
        out.append("</cac:Item></cac:DespatchLine>")
    out.append("</DespatchAdvice>")
    return "".join(out).encode("utf-8")
