"""memberImport through GraphQL: CSV text and a real multipart upload, bad rows, re-imports."""

from __future__ import annotations

import json
from datetime import date

import httpx

from api.members.models import Gender, Member, MemberImport, MemberTag
from tests.factories import make_guide, make_member, make_store, make_tier, make_token
from tests.helpers import MEMBER_IMPORT, errors_of

GOOD_AND_BAD = """name,phone,gender,birthday,store_code,guide_code,tier,tags,email
张伟,13811112222,男,1990-05-04,S-SH,G-01,银卡,VIP|敏感肌,zw@example.com
王芳,139 2222 3333,female,,S-SH,,,,
李娜,12345,女,1992-01-01,,,,,
赵敏,13744445555,f,1992-13-01,,,,,
,13655556666,,,,,,,
孙丽,13566667777,,,NOPE,,,,
周杰,13477778888,male,2096-02-29,,,,,
吴昊,13811112222,,,,,,,
"""
# Row numbers as a spreadsheet shows them (header = 1):
# 2 张伟 ok, 3 王芳 ok, 4 bad phone, 5 bad date, 6 no name, 7 unknown store, 8 future birthday,
# 9 same phone as row 2 with another name: an update of the member row 2 created.


async def _setup() -> None:
    store = await make_store(code="S-SH")
    await make_guide(store, code="G-01")
    await make_tier(1, 0, "银卡")


async def _import_csv(gql, text: str, filename: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    variables = {"input": {"csv": text, **({"filename": filename} if filename else {})}}
    return (await gql(MEMBER_IMPORT, variables))["memberImport"]


async def _upload(app, token: str, content: bytes, filename: str = "members.csv") -> dict:  # type: ignore[no-untyped-def]
    """A GraphQL multipart request (operations, map, file) as a browser or curl sends it."""
    operations = {"query": MEMBER_IMPORT, "variables": {"input": {"file": None}}}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        r = await client.post(
            "/graphql",
            headers={"Authorization": f"Bearer {token}"},
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": (filename, content, "text/csv")},
        )
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body.get("errors"), body
    return body["data"]["memberImport"]


async def test_csv_text_import_stores_good_rows_and_reports_bad_ones(gql) -> None:
    # given a store, a guide and a tier the file refers to
    await _setup()

    # when the file is imported as text
    out = await _import_csv(gql, GOOD_AND_BAD, filename="spring.csv")

    # then good rows are stored and every bad row is reported with row, column and reason
    assert out["userErrors"] == []
    r = out["result"]
    assert (r["totalRows"], r["created"], r["updated"], r["unchanged"], r["failed"]) == (8, 2, 1, 0, 5)
    problems = [(e["row"], e["field"]) for e in r["rowErrors"]]
    assert problems == [(4, "phone"), (5, "birthday"), (6, "name"), (7, "store_code"), (8, "birthday")]
    assert all(e["message"] for e in r["rowErrors"])
    assert "12345" in r["rowErrors"][0]["message"]
    assert "NOPE" in r["rowErrors"][3]["message"]

    # and the stored members carry what the rows said
    zw = await Member.get(phone="13811112222").prefetch_related("home_store", "guide", "tier")
    assert zw.name == "吴昊"  # row 9 updated the member row 2 created
    assert zw.gender is Gender.MALE
    assert zw.birthday == date(1990, 5, 4)
    assert (zw.home_store.code, zw.guide.code, zw.tier.name) == ("S-SH", "G-01", "银卡")  # type: ignore[union-attr]
    assert zw.email == "zw@example.com" and zw.email_consent is True
    assert sorted(await MemberTag.filter(member_id=zw.id).values_list("tag", flat=True)) == ["VIP", "敏感肌"]
    wf = await Member.get(phone="13922223333")
    assert (wf.name, wf.gender) == ("王芳", Gender.FEMALE)
    assert await Member.all().count() == 2

    # and the import is recorded with its errors
    record = await MemberImport.get()
    assert (record.filename, record.created, record.failed) == ("spring.csv", 2, 5)
    assert [e["row"] for e in record.errors] == [4, 5, 6, 7, 8]


async def test_importing_the_same_file_again_creates_nothing(gql) -> None:
    # given a clean file imported once
    await _setup()
    text = (
        "name,phone,gender,birthday,store_code,tier,tags,email,registered_at\n"
        "张伟,13811112222,男,1990-05-04,S-SH,银卡,VIP|老客,zw@example.com,2023-01-02 10:00\n"
        "王芳,+8613922223333,女,,,,,,2023-01-03\n"
        "李娜,13733334444,,,,,,,\n"
    )
    first = (await _import_csv(gql, text))["result"]
    assert (first["created"], first["updated"], first["unchanged"], first["failed"]) == (3, 0, 0, 0)

    # when the same file is imported again
    again = (await _import_csv(gql, text))["result"]

    # then nothing new is created or changed
    assert (again["created"], again["updated"], again["unchanged"], again["failed"]) == (0, 0, 3, 0)
    assert await Member.all().count() == 3
    assert await MemberTag.all().count() == 2


async def test_reimport_with_a_change_updates_only_that_member(gql) -> None:
    await _setup()
    await _import_csv(gql, "name,phone\n张伟,13811112222\n王芳,13922223333\n")
    out = (await _import_csv(gql, "name,phone,tags\n张伟,13811112222,新标签\n王芳,13922223333,\n"))["result"]
    assert (out["created"], out["updated"], out["unchanged"]) == (0, 1, 1)
    member = await Member.get(phone="13811112222")
    assert await MemberTag.filter(member_id=member.id).values_list("tag", flat=True) == ["新标签"]


async def test_row_clashing_with_another_identity_is_reported_not_half_written(gql) -> None:
    # given a member holding a WeChat openid
    await make_member(phone="13900000000", wechat_openid="oTAKEN")

    # when a row for a new phone claims that openid
    out = (await _import_csv(gql, "name,phone,wechat_openid\n新人,13811110000,oTAKEN\n"))["result"]

    # then the row is refused on that column and no member is created
    assert out["failed"] == 1
    assert [(e["row"], e["field"]) for e in out["rowErrors"]] == [(2, "wechat_openid")]
    assert not await Member.exists(phone="13811110000")


async def test_multipart_upload_imports_the_file(app, gql) -> None:
    # given an admin token and a UTF-8 file with a BOM, as Excel saves it
    await _setup()
    token = await make_token()
    content = "\ufeffname,phone,store_code\n张伟,13811112222,S-SH\n李娜,bad,S-SH\n".encode()

    # when it is uploaded as a GraphQL multipart request
    out = await _upload(app, token, content)

    # then the good row is stored and the bad one reported
    assert out["userErrors"] == []
    r = out["result"]
    assert (r["totalRows"], r["created"], r["failed"]) == (2, 1, 1)
    assert [(e["row"], e["field"]) for e in r["rowErrors"]] == [(3, "phone")]
    assert await Member.filter(phone="13811112222").count() == 1
    assert (await MemberImport.get()).filename == "members.csv"

    # and uploading it again creates nothing
    again = (await _upload(app, token, content))["result"]
    assert (again["created"], again["unchanged"], again["failed"]) == (0, 1, 1)
    assert await Member.all().count() == 1


async def test_upload_that_is_not_utf8_is_refused(app, gql) -> None:
    token = await make_token()
    out = await _upload(app, token, "name,phone\n张伟,13811112222\n".encode("gb18030"))
    assert out["result"] is None
    assert [f for f, _ in errors_of(out)] == [["input", "file"]]
    assert await Member.all().count() == 0


async def test_unknown_column_or_missing_header_is_refused_on_the_csv_field(gql) -> None:
    # given nothing stored
    before = await Member.all().count()

    # when a file has an unknown column, or lacks the name/phone header, or is empty
    unknown = await _import_csv(gql, "name,phone,shoe_size\n张伟,13811112222,42\n")
    headless = await _import_csv(gql, "张伟,13811112222\n李娜,13733334444\n")
    empty = await _import_csv(gql, "")

    # then each is one userError on the file and nothing is imported
    for out in (unknown, headless, empty):
        assert out["result"] is None
        assert errors_of(out) == [(["input", "csv"], "INVALID")]
    assert "shoe_size" in unknown["userErrors"][0]["message"]
    assert await Member.all().count() == before
    assert await MemberImport.all().count() == 0


async def test_neither_or_both_of_file_and_csv_is_refused(gql) -> None:
    out = (await gql(MEMBER_IMPORT, {"input": {}}))["memberImport"]
    assert errors_of(out) == [(["input", "file"], "REQUIRED")]
