from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from .audit import audit_record
from .models import AuditEntry, LocalArea, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("withus", {"fields": ("display_name",)}))

    def save_formset(self, request, form, formset, change):
        # A role decides what a person can see, so every change to one is audited.
        with transaction.atomic():
            before = set(
                Membership.objects.filter(user=form.instance).values_list("local_area_id", "role")
            )
            super().save_formset(request, form, formset, change)
            after = set(
                Membership.objects.filter(user=form.instance).values_list("local_area_id", "role")
            )
            if before != after:
                audit_record(
                    actor=request.user,
                    action="membership.change",
                    obj=form.instance,
                    data={"added": sorted(after - before), "removed": sorted(before - after)},
                )


admin.site.register(LocalArea)
admin.site.register(Organisation)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action",)

    # The audit log is append-only: nobody edits or deletes it, even here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
