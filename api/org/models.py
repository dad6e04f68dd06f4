"""Retail companies, their stores and the shopping guides who work in them."""

from tortoise import fields
from tortoise.models import Model


class RetailCompany(Model):
    """A retail company (零售公司): the top of the organisation."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120)
    code = fields.CharField(max_length=40, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "retail_company"


class Store(Model):
    """A store (门店) of a retail company."""

    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyRelation[RetailCompany] = fields.ForeignKeyField(
        "rapport.RetailCompany", related_name="stores", on_delete=fields.RESTRICT
    )
    company_id: int
    name = fields.CharField(max_length=120)
    code = fields.CharField(max_length=40, unique=True)
    city = fields.CharField(max_length=60, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "store"


class Guide(Model):
    """A shopping guide (导购) who belongs to one store and owns customers."""

    id = fields.IntField(primary_key=True)
    store: fields.ForeignKeyRelation[Store] = fields.ForeignKeyField(
        "rapport.Store", related_name="guides", on_delete=fields.RESTRICT
    )
    store_id: int
    code = fields.CharField(max_length=40, unique=True, description="employee number, used by CSV imports")
    name = fields.CharField(max_length=60)
    phone = fields.CharField(max_length=20, default="")
    wecom_user_id = fields.CharField(max_length=64, null=True, unique=True)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "guide"
