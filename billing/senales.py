from django.dispatch import Signal

# Sent inside the issuing transaction with `documento`; receivers queue their
# side effects with transaction.on_commit (the CPE app sends it to SUNAT).
documento_emitido = Signal()

# Sent to collect the files e-mailed with a document; receivers return
# [(file name, bytes, MIME type), ...].
documento_adjuntos = Signal()
