"""Model fields that several apps declare alike, declared once. Each returns a plain Django
field, so migrations see the same field as if it were written out."""

from django.core.validators import MinValueValidator
from django.db import models


def amount_field(verbose_name) -> models.DecimalField:
    """An amount in riyals, optional, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def optional_link(to, verbose_name, related_name: str) -> models.ForeignKey:
    """A link a row may have or not (a contact with a visitor has no file yet), kept while the
    row exists."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )
