"""Keeps avatar files in step with users: a replaced or deleted avatar's file is removed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from .models import User


def _file_delete_on_commit(file: FieldFile) -> None:
    storage, name = file.storage, file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(pre_save, sender=User, dispatch_uid="accounts_avatar_replaced")
def avatar_replaced(sender: type[User], instance: User, **kwargs: Any) -> None:
    """Removes the old avatar file once a new one (or none) is saved in its place."""
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or (update_fields is not None and "avatar" not in update_fields):
        return
    old = User.objects.filter(pk=instance.pk).values_list("avatar", flat=True).first()
    if old and old != instance.avatar.name:
        _file_delete_on_commit(FieldFile(instance, User._meta.get_field("avatar"), old))


@receiver(post_delete, sender=User, dispatch_uid="accounts_avatar_deleted")
def avatar_deleted(sender: type[User], instance: User, **kwargs: Any) -> None:
    """Removes the avatar file of a deleted user."""
    if instance.avatar:
        _file_delete_on_commit(instance.avatar)
