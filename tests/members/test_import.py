"""memberImport as a job: the mutation stores the file and queues it; a real arq worker applies it.

CSV text and a real multipart upload, bad rows, re-imports, phones repeated in a file, consent,
formula cells, reach, limits, the record's row report (and its CSV download) and the statement count.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
from arq.connections import RedisSettings
from arq.worker import Worker

from api.accounts.models import Role
from api.core.config import get_settings
from api.core.redis import redis_url
from api.core.viewer import Viewer
from api.members import importer
from api.members.models import Gender, ImportStatus, Member, MemberImport, MemberImportRow, MemberTag
from tests.factories import make_company, make_guide, make_member, make_store, make_tier, make_token
from tests.helpers import MEMBER_IMPORT, errors_of
from tests.querycount import count_queries
from workers.jobs.member_import import run_member_import

RECORD = """
query Record($id: ID!, $first: Int) {
  memberImportRecord(id: $id) {
    id status filename totalRows rowsDone created updated unchanged failed error
    rowReport(first: $first) { totalCount nodes { row field message } }
    rowReportCsv
  }
}
"""

GOOD_AND_BAD = """name,phone,gender,birthday,store_code,guide_code,tier,tags,email,email_consent
张伟,13811112222,男,1990-05-04,S-SH,G-01,银卡,VIP|敏感肌,zw@example.com,yes
王芳,139 2222 3333,female,,S-SH,,,,,
李娜,12345,女,1992-01-01,,,,,,
赵敏,13744445555,f,1992-13-01,,,,,,
,13655556666,,,,,,,,
孙丽,13566667777,,,NOPE,,,,,
周杰,13477778888,male,2096-02-29,,,,,,
吴昊,13811112222,,,S-SH,,,,,
"""
# Row numbers as a spreadsheet shows them (header = 1):
# 2 张伟 ok, 3 王芳 ok, 4 bad phone, 5 bad date, 6 no name, 7 unknown store, 8 future birthday,
# 9 same phone as row 2: reported, not applied.


async def _setup() -> None:
    store = await make_store(code="S-SH")
    await make_guide(store, code="G-01")
    await make_tier(1, 0, "银卡")


async def drain() -> Worker:
    """Run a real arq worker in burst mode until the queue is empty."""
    worker = Worker(
        functions=[run_member_import],  # type: ignore[list-item]
        redis_settings=RedisSettings.from_dsn(redis_url(get_settings())),
        burst=True,
        poll_delay=0.01,
    )
    await worker.main()
    await worker.close()
    return worker


async def _start(client: Any, text: str, filename: str | None = None) -> dict[str, Any]:
    variables = {"input": {"csv": text, **({"filename": filename} if filename else {})}}
    return (await client(MEMBER_IMPORT, variables))["memberImport"]  # type: ignore[no-any-return]


async def _record(client: Any, import_id: str, first: int = 100) -> dict[str, Any]:
    return (await client(RECORD, {"id": import_id, "first": first}))["memberImportRecord"]  # type: ignore[no-any-return]


async def _import(client: Any, text: str, filename: str | None = None) -> dict[str, Any]:
    """Upload, let a worker apply it, return the record with its row report."""
    out = await _start(client, text, filename)
    assert out["userErrors"] == [], out
    assert out["memberImport"]["status"] == "QUEUED"
    await drain()
    return await _record(client, out["memberImport"]["id"])


def _problems(record: dict[str, Any]) -> list[tuple[int, str]]:
    return [(e["row"], e["field"]) for e in record["rowReport"]["nodes"]]


def _counts(record: dict[str, Any]) -> tuple[int, int, int, int]:
    return (record["created"], record["updated"], record["unchanged"], record["failed"])


async def test_mutation_answers_at_once_and_a_worker_applies_the_file(gql, redis) -> None:
    # given a store, a guide and a tier the file refers to
    await _setup()

    # when the file is imported
    out = await _start(gql, GOOD_AND_BAD, filename="spring.csv")

    # then the mutation answers at once with a QUEUED record, nothing applied yet, the file stored
    assert out["userErrors"] == []
    queued = out["memberImport"]
    assert (queued["status"], queued["filename"], queued["totalRows"], queued["rowsDone"]) == (
        "QUEUED",
        "spring.csv",
        8,
        0,
    )
    assert await Member.all().count() == 0
    pk = (await MemberImport.get()).id
    assert importer.import_path(pk).read_text(encoding="utf-8") == GOOD_AND_BAD

    # when a worker drains the queue
    worker = await drain()

    # then good rows are stored and every bad row is reported with row, column and reason
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    r = await _record(gql, queued["id"])
    assert (r["status"], r["totalRows"], r["rowsDone"]) == ("DONE", 8, 8)
    assert _counts(r) == (2, 0, 0, 6)
    assert _problems(r) == [
        (4, "phone"),
        (5, "birthday"),
        (6, "name"),
        (7, "store_code"),
        (8, "birthday"),
        (9, "phone"),
    ]
    messages = [e["message"] for e in r["rowReport"]["nodes"]]
    assert "12345" in messages[0] and "NOPE" in messages[3] and "row 2" in messages[5]

    # and the stored members carry what the rows said (row 9 did not overwrite row 2)
    zw = await Member.get(phone="13811112222").prefetch_related("home_store", "guide", "tier")
    assert zw.name == "张伟"
    assert zw.gender is Gender.MALE
    assert zw.birthday == date(1990, 5, 4)
    assert (zw.home_store.code, zw.guide.code, zw.tier.name) == ("S-SH", "G-01", "银卡")  # type: ignore[union-attr]
    assert zw.company_id == zw.home_store.company_id  # type: ignore[union-attr]
    assert zw.email == "zw@example.com" and zw.email_consent is True
    assert sorted(await MemberTag.filter(member_id=zw.id).values_list("tag", flat=True)) == ["VIP", "敏感肌"]
    wf = await Member.get(phone="13922223333")
    assert (wf.name, wf.gender, wf.email_consent, wf.sms_consent) == ("王芳", Gender.FEMALE, False, False)
    assert await Member.all().count() == 2


async def test_importing_the_same_file_again_reports_every_row_unchanged(gql, redis) -> None:
    # given a file (with a phone repeated in it) imported once
    await _setup()
    text = (
        "name,phone,gender,birthday,store_code,tier,tags,email,registered_at\n"
        "张伟,13811112222,男,1990-05-04,S-SH,银卡,VIP|老客,zw@example.com,2023-01-02 10:00\n"
        "王芳,+8613922223333,女,,,,,,2023-01-03\n"
        "李娜,13733334444,,,,,,,\n"
        "张伟,13811112222,男,,,,,,\n"
    )
    first = await _import(gql, text)
    assert _counts(first) == (3, 0, 0, 1)

    # when the same file is imported again
    again = await _import(gql, text)

    # then nothing is created or changed, and the repeated phone is reported again (not "updated")
    assert _counts(again) == (0, 0, 3, 1)
    assert _problems(again) == [(5, "phone")]
    assert await Member.all().count() == 3
    assert await MemberTag.all().count() == 2


async def test_reimport_with_a_change_updates_only_that_member_and_adds_tags(gql, redis) -> None:
    await _setup()
    await _import(gql, "name,phone,tags\n张伟,13811112222,老客\n王芳,13922223333,\n")
    out = await _import(gql, "name,phone,tags\n张伟,13811112222,新标签\n王芳,13922223333,\n")
    assert _counts(out) == (0, 1, 1, 0)
    member = await Member.get(phone="13811112222")
    assert sorted(await MemberTag.filter(member_id=member.id).values_list("tag", flat=True)) == ["新标签", "老客"]


async def test_consent_only_from_explicit_columns_and_never_turned_on_by_an_import(gql, redis) -> None:
    # given a member who opted out of email and SMS, and one who consents to both
    out_member = await make_member(phone="13811112222", email="a@example.com", email_consent=False, sms_consent=False)
    in_member = await make_member(phone="13922223333", email="b@example.com", email_consent=True, sms_consent=True)

    # when a file says yes for the first, no for the second, and a new member has an email but no consent column
    text = (
        "name,phone,email,email_consent,sms_consent\n"
        f"{out_member.name},13811112222,a@example.com,yes,1\n"
        f"{in_member.name},13922223333,b@example.com,no,false\n"
        "新人,13733334444,c@example.com,,\n"
    )
    r = await _import(gql, text)

    # then the opted-out member stays opted out (unchanged), the other is opted out, the new one has no consent
    assert _counts(r) == (1, 1, 1, 0)
    a = await Member.get(id=out_member.id)
    b = await Member.get(id=in_member.id)
    c = await Member.get(phone="13733334444")
    assert (a.email_consent, a.sms_consent) == (False, False)
    assert (b.email_consent, b.sms_consent) == (False, False)
    assert (c.email, c.email_consent, c.sms_consent) == ("c@example.com", False, False)

    # and importing the file again changes nothing
    again = await _import(gql, text)
    assert _counts(again) == (0, 0, 3, 0)
    assert (await Member.get(id=out_member.id)).email_consent is False

    # and a consent cell that is not yes/no is reported
    bad = await _import(gql, "name,phone,sms_consent\n某人,13655556666,maybe\n")
    assert _problems(bad) == [(2, "sms_consent")]


async def test_formula_cells_are_reported_and_not_stored_and_the_report_csv_neutralises_them(gql, redis) -> None:
    # given rows with cells a spreadsheet would run, and an international phone (data, not a formula)
    text = (
        "name,phone,source,tags\n"
        '"=HYPERLINK(""http://evil.example"",""x"")",13811112222,,\n'
        "张伟,13922223333,@SUM(A1:A9),\n"
        "李娜,13733334444,,-cmd|x\n"
        "王芳,13655556666,\t=1+1,\n"
        "赵敏,+86 136 5555 7777,,\n"
    )

    # when the file is imported
    r = await _import(gql, text)

    # then each formula row is reported on its column and nothing of it stored; the phone row is imported
    assert _problems(r) == [(2, "name"), (3, "source"), (4, "tags"), (5, "source")]
    assert all("formula" in e["message"] for e in r["rowReport"]["nodes"])
    assert _counts(r) == (1, 0, 0, 4)
    assert await Member.filter(phone="13655557777").exists()
    assert await Member.all().count() == 1

    # and the row report as CSV prefixes formula-looking cells with an apostrophe
    csv_text = r["rowReportCsv"]
    assert csv_text.splitlines()[0] == "row,column,message"
    assert len(csv_text.splitlines()) == 5


async def test_row_report_csv_neutralises_formula_cells(db) -> None:
    # given an import whose report holds a message starting with a formula character
    from api.core.csvsafe import looks_like_formula, safe_cell, write_rows

    record = await MemberImport.create(filename="x.csv", status=ImportStatus.DONE)
    await MemberImportRow.create(member_import=record, row=2, column="name", message="=HYPERLINK(1)")
    await MemberImportRow.create(member_import=record, row=3, column="@x", message="-12.5")

    # when it is written as CSV
    text = await importer.row_report_csv(record.id)

    # then the formula cells are prefixed and numbers left alone
    assert text.splitlines() == ["row,column,message", "2,name,'=HYPERLINK(1)", "3,'@x,-12.5"]
    assert safe_cell("+8613800000000") == "+8613800000000"
    assert safe_cell("\tcmd") == "'\tcmd" and safe_cell(None) == "" and safe_cell(True) == "true"
    assert looks_like_formula(" =1") and not looks_like_formula("a=1")
    assert write_rows(["a"], [["=1"]]) == "a\r\n'=1\r\n"


async def test_rows_outside_the_importers_reach_are_not_found(gql, redis) -> None:
    # given companies A and B, and a manager of A's store
    a, b = await make_company(), await make_company()
    sa = await make_store(a, code="SA")
    sa2 = await make_store(a, code="SA2")
    sb = await make_store(b, code="SB")
    await make_guide(sb, code="GB")
    token = await make_token(Role.STORE_MANAGER, store_ids=[sa.id])

    # when the manager imports rows naming B's store, B's guide, A's other store, and their own store
    text = (
        "name,phone,store_code,guide_code\n"
        "甲,13811112222,SB,\n乙,13811113333,,GB\n丙,13811114444,SA2,\n丁,13811115555,SA,\n"
    )
    async with gql.as_token(token) as client:
        r = await _import(client, text)

    # then only the row in their own store is applied
    assert _problems(r) == [(2, "store_code"), (3, "guide_code"), (4, "store_code")]
    assert all("reach" in e["message"] for e in r["rowReport"]["nodes"])
    assert _counts(r) == (1, 0, 0, 3)
    assert await Member.filter(home_store_id=sb.id).count() == 0
    assert await Member.filter(home_store_id=sa2.id).count() == 0


async def test_a_phone_of_another_company_is_a_new_member_in_the_importers_company(gql, redis) -> None:
    # given PHONE is a member of company B, and a company admin of A
    a, b = await make_company(), await make_company()
    sa = await make_store(a, code="SA")
    sb = await make_store(b, code="SB")
    theirs = await make_member(phone="13811112222", home_store=sb, name="B的会员")
    token = await make_token(Role.COMPANY_ADMIN, company_id=a.id)

    # when the admin of A imports that phone into A's store
    async with gql.as_token(token) as client:
        r = await _import(client, "name,phone,store_code\nA的会员,13811112222,SA\n")
        # and imports it again without a store: it matches A's member, the only one in reach
        again = await _import(client, "name,phone\nA的会员,13811112222\n")

    # then A has its own member with that phone, B's is untouched, and nothing hints at B
    assert _counts(r) == (1, 0, 0, 0)
    assert _counts(again) == (0, 0, 1, 0)
    mine = await Member.get(phone="13811112222", company_id=a.id)
    assert mine.home_store_id == sa.id
    assert (await Member.get(id=theirs.id)).name == "B的会员"

    # and an admin importing the phone with no store is refused as ambiguous (two companies)
    amb = await _import(gql, "name,phone\n某人,13811112222\n")
    assert _problems(amb) == [(2, "phone")]
    assert "store_code" in amb["rowReport"]["nodes"][0]["message"]


async def test_row_clashing_with_another_identity_is_reported_not_half_written(gql, redis) -> None:
    # given a member holding a WeChat openid
    await make_member(phone="13900000000", wechat_openid="oTAKEN")

    # when rows for new phones claim that openid, and two rows claim one new openid
    text = "name,phone,wechat_openid\n新人,13811110000,oTAKEN\n甲,13811110001,oNEW\n乙,13811110002,oNEW\n"
    r = await _import(gql, text)

    # then the clashing rows are refused on that column and nothing of them is stored
    assert _problems(r) == [(2, "wechat_openid"), (4, "wechat_openid")]
    assert not await Member.exists(phone="13811110000")
    assert not await Member.exists(phone="13811110002")
    assert (await Member.get(phone="13811110001")).wechat_openid == "oNEW"


async def _upload(app: Any, token: str, content: bytes, filename: str = "members.csv") -> httpx.Response:
    """A GraphQL multipart request (operations, map, file) as a browser or curl sends it."""
    operations = {"query": MEMBER_IMPORT, "variables": {"input": {"file": None}}}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        return await client.post(
            "/graphql",
            headers={"Authorization": f"Bearer {token}"},
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": (filename, content, "text/csv")},
        )


async def test_multipart_upload_is_stored_and_imported(app, gql, redis) -> None:
    # given an admin token and a UTF-8 file with a BOM, as Excel saves it
    await _setup()
    token = await make_token()
    content = "\ufeffname,phone,store_code\n张伟,13811112222,S-SH\n李娜,bad,S-SH\n".encode()

    # when it is uploaded as a GraphQL multipart request and a worker runs
    resp = await _upload(app, token, content)
    assert resp.status_code == 200, resp.text
    out = resp.json()["data"]["memberImport"]
    assert out["userErrors"] == [] and out["memberImport"]["filename"] == "members.csv"
    await drain()

    # then the good row is stored and the bad one reported
    r = await _record(gql, out["memberImport"]["id"])
    assert (r["totalRows"], r["created"], r["failed"]) == (2, 1, 1)
    assert _problems(r) == [(3, "phone")]
    assert await Member.filter(phone="13811112222").count() == 1


async def test_upload_that_is_not_utf8_is_refused_and_nothing_kept(app, gql) -> None:
    token = await make_token()
    resp = await _upload(app, token, "name,phone\n张伟,13811112222\n".encode("gb18030"))
    out = resp.json()["data"]["memberImport"]
    assert out["memberImport"] is None
    assert [f for f, _ in errors_of(out)] == [["input", "file"]]
    assert await MemberImport.all().count() == 0
    assert [p.name for p in importer.imports_dir().glob("upload-*")] == []


async def test_request_body_over_the_limit_is_413(app, monkeypatch) -> None:
    # given a body limit of 1 MB
    from api.app import create_app

    monkeypatch.setenv("RAPPORT_MAX_BODY_MB", "1")
    small_app = create_app(manage_db=False)
    token = await make_token()

    # when a 2 MB file is uploaded
    resp = await _upload(small_app, token, b"name,phone\n" + b"x" * (2 * 1024 * 1024))

    # then the server answers 413 without running the mutation
    assert resp.status_code == 413
    assert "RAPPORT_MAX_BODY_MB" in resp.text
    assert await MemberImport.all().count() == 0


async def test_unknown_column_missing_header_empty_or_too_many_rows_is_refused_on_the_field(gql, monkeypatch) -> None:
    # given at most 3 rows per file
    monkeypatch.setattr(importer, "MAX_ROWS", 3)

    # when a file has an unknown column, or lacks the name/phone header, is empty, or has 4 rows
    unknown = await _start(gql, "name,phone,shoe_size\n张伟,13811112222,42\n")
    headless = await _start(gql, "张伟,13811112222\n李娜,13733334444\n")
    empty = await _start(gql, "")
    too_many = await _start(gql, "name,phone\n" + "".join(f"n,1381111000{i}\n" for i in range(4)))

    # then each is one userError on the file and nothing is kept
    for out in (unknown, headless, empty):
        assert out["memberImport"] is None
        assert errors_of(out) == [(["input", "csv"], "INVALID")]
    assert errors_of(too_many) == [(["input", "csv"], "OUT_OF_RANGE")]
    assert "shoe_size" in unknown["userErrors"][0]["message"]
    assert await MemberImport.all().count() == 0


async def test_neither_or_both_of_file_and_csv_is_refused(gql) -> None:
    out = (await gql(MEMBER_IMPORT, {"input": {}}))["memberImport"]
    assert errors_of(out) == [(["input", "file"], "REQUIRED")]


async def test_a_partner_cannot_import(gql) -> None:
    company = await make_company()
    async with gql.as_token(await make_token(Role.PARTNER, company_id=company.id)) as client:
        out = await _start(client, "name,phone\n张伟,13811112222\n")
    assert [code for _, code in errors_of(out)] == ["PERMISSION_DENIED"]
    assert await MemberImport.all().count() == 0


async def test_imports_are_visible_to_their_importer_and_their_company_admin_only(gql, redis) -> None:
    # given an import by a manager of A's store
    a, b = await make_company(), await make_company()
    sa = await make_store(a)
    manager = await make_token(Role.STORE_MANAGER, store_ids=[sa.id])
    async with gql.as_token(manager) as client:
        record_id = (await _start(client, "name,phone\n张伟,13811112222\n"))["memberImport"]["id"]
        mine = (await client("{ memberImports { totalCount } }"))["memberImports"]["totalCount"]
    assert mine == 1

    # then A's company admin and the admin see it; B's company admin and another manager do not
    seen = {}
    for label, token in (
        ("admin_a", await make_token(Role.COMPANY_ADMIN, company_id=a.id)),
        ("admin_b", await make_token(Role.COMPANY_ADMIN, company_id=b.id)),
        ("other_manager", await make_token(Role.STORE_MANAGER, store_ids=[sa.id])),
    ):
        async with gql.as_token(token) as client:
            seen[label] = (await client(RECORD, {"id": record_id, "first": 1}))["memberImportRecord"] is not None
    seen["admin"] = (await gql(RECORD, {"id": record_id, "first": 1}))["memberImportRecord"] is not None
    assert seen == {"admin_a": True, "admin_b": False, "other_manager": False, "admin": True}


async def test_an_error_mid_import_marks_the_record_failed_with_what_was_committed(db, redis, monkeypatch) -> None:
    # given a file of 1,200 rows and a failure while writing the third chunk of 500
    text = "name,phone\n" + "".join(f"会员{i},139{i:08d}\n" for i in range(1200))
    record = await importer.start_import(Viewer.system(), text, filename="big.csv")
    real_upsert = importer._upsert
    calls = 0

    async def failing_upsert(conn: Any, writes: list[dict[str, Any]]) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk full")
        return await real_upsert(conn, writes)

    monkeypatch.setattr(importer, "_upsert", failing_upsert)

    # when it runs
    done = await importer.run_import(record.id)

    # then the record is FAILED with the reason, and says exactly what was committed: two chunks
    assert (done.status, done.error, done.rows_done, done.created) == (ImportStatus.FAILED, "disk full", 1000, 1000)
    assert await Member.all().count() == 1000

    # and a record that FAILED is not run again
    monkeypatch.setattr(importer, "_upsert", real_upsert)
    assert (await importer.run_import(record.id)).status is ImportStatus.FAILED


async def test_a_job_run_again_resumes_after_the_committed_rows(db, redis) -> None:
    # given an import whose worker died after committing its first 500 rows
    text = "name,phone\n" + "".join(f"会员{i},139{i:08d}\n" for i in range(700)) + "重复,13900000003\n"
    record = await importer.start_import(Viewer.system(), text)
    await Member.bulk_create(
        [Member(name=f"会员{i}", phone=f"139{i:08d}", registered_at=record.created_at) for i in range(500)]
    )
    await MemberImport.filter(id=record.id).update(status=ImportStatus.RUNNING, rows_done=500, created=500)

    # when the job runs again
    done = await importer.run_import(record.id)

    # then it applies only the rest, and still knows the phones of the committed rows
    assert (done.status, done.rows_done, done.created, done.failed) == (ImportStatus.DONE, 701, 700, 1)
    assert await Member.all().count() == 700
    assert await MemberImportRow.filter(member_import_id=record.id).values_list("row", flat=True) == [702]


async def test_a_thousand_rows_cost_a_few_dozen_statements(db, redis) -> None:
    # given 1,000 new members with tags, half of whom exist already (with one changed field)
    store = await make_store(code="S1")
    lines = [f"会员{i},139{i:08d},S1,VIP|新客" for i in range(1000)]
    record = await importer.start_import(
        Viewer.system(), "name,phone,store_code,tags\n" + "\n".join(lines[:500]) + "\n"
    )
    await importer.run_import(record.id)
    text = (
        "name,phone,store_code,tags\n"
        + "\n".join(lines[:250] + [f"改名{i},139{i:08d},S1,VIP" for i in range(250, 500)] + lines[500:])
        + "\n"
    )
    record = await importer.start_import(Viewer.system(), text)

    # when the import runs
    with count_queries() as statements:
        done = await importer.run_import(record.id)

    # then every row is applied in two chunks of a handful of statements each (was ~5 per row)
    assert (done.created, done.updated, done.unchanged, done.failed) == (500, 250, 250, 0)
    assert await Member.filter(home_store_id=store.id).count() == 1000
    assert await MemberTag.all().count() == 2000
    # 17 measured: per chunk of 500, members by phone, members in reach, tags of the matched members,
    # the upsert, the new tags, the record's counters (5-6); around them the record (2 reads), RUNNING,
    # stores, guides, tiers, DONE. Previously ~5,000 statements for 1,000 rows.
    assert len(statements) <= 20, "\n".join(statements)
