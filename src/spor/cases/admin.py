"""Admin for the reintegration rates (data with validity periods); no case content here."""

from django.contrib import admin

from spor.cases.models import ReintegrationRate


@admin.register(ReintegrationRate)
class ReintegrationRateAdmin(admin.ModelAdmin):
    list_display = ["kind", "amount_dkk", "valid_from", "valid_to"]
    list_filter = ["kind"]
