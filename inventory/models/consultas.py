from django.db import models

from .catalogo import Producto


class ConsultaProducto(models.Model):
    """A question the public sent from a product's public page."""

    ruta_empresa = "producto__empresa"

    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="consultas")
    nombre = models.CharField(max_length=150)
    email = models.EmailField("correo")
    telefono = models.CharField("teléfono", max_length=50, blank=True)
    mensaje = models.TextField(max_length=2000)
    creado = models.DateTimeField("recibida", auto_now_add=True)
    atendida = models.BooleanField(default=False)
    respuesta = models.TextField("respuesta o notas internas", blank=True)

    class Meta:
        ordering = ["-creado"]
        verbose_name = "consulta del público"
        verbose_name_plural = "consultas del público"

    def __str__(self):
        return f"{self.nombre} sobre {self.producto.nombre}"
