from django.dispatch import Signal

# Sent inside the issuing transaction with `documento`; receivers queue their
# side effects with transaction.on_commit (the CPE app sends it to SUNAT).
documento_emitido = Signal()

# Sent to collect the files e-mailed with a document; receivers return
# [(file name, bytes, MIME type), ...].
documento_adjuntos = Signal()

# Sent inside the transaction that corrects or deletes an issued document, before
# anything changes; a receiver that must keep it as it is raises ValidationError
# (the CPE app: once SUNAT has received it).
documento_por_modificar = Signal()

# Sent inside the correcting transaction with `documento`, `lineas`, `cuotas` and
# `totales` once an issued document has its new lines (the CPE app signs it again).
documento_corregido = Signal()

# Sent inside the deleting transaction just before an issued document goes.
documento_por_eliminar = Signal()

# Sent inside the issuing transaction of a guía de remisión with `guia`; the CPE app
# builds its DespatchAdvice and queues it for SUNAT's REST API with transaction.on_commit.
guia_emitida = Signal()

# Sent inside the issuing transaction with `comprobante` (a billing.ComprobanteOtro: retención 20 or
# percepción 40); the CPE app builds, signs and queues it for SUNAT.
comprobante_otro_emitido = Signal()
