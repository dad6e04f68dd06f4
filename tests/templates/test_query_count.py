"""A page of templates with their media and companies costs the same number of statements at any size."""

from __future__ import annotations

from api.core import clock
from api.templates.models import MediaKind, Template, TemplateMedia
from tests.factories import GraphQLClient, make_company, make_token
from tests.querycount import count_queries

LIST = """query($first: Int) { templates(first: $first) { totalCount nodes { id name channel smsLength
  company { name } media { id kind url width } } } }"""


async def test_template_list_costs_the_same_for_3_and_12_templates(app) -> None:
    # given 12 templates of two companies, each with 3 media
    clock.set_now(clock.now())  # a token's last use is written once a minute: by the warm-up below
    companies = [await make_company(), await make_company()]
    for i in range(12):
        media = [await TemplateMedia.create(sha256=f"{i:02d}{j}".ljust(64, "0"), kind=MediaKind.IMAGE,
                                            content_type="image/png", size=10, width=1, height=1)
                 for j in range(3)]
        await Template.create(name=f"T{i:02d}", text="Hi {customer_name}", company=companies[i % 2],
                              media_ids=[m.id for m in media])
    async with GraphQLClient(app, await make_token()) as client:
        await client(LIST, {"first": 1})
        # when the list is read at two sizes
        with count_queries() as small:
            data_small = await client(LIST, {"first": 3})
        with count_queries() as large:
            data_large = await client(LIST, {"first": 12})
    # then both cost the same, and every template came with its 3 media
    assert len(data_small["templates"]["nodes"]) == 3 and len(data_large["templates"]["nodes"]) == 12
    assert all(len(n["media"]) == 3 for n in data_large["templates"]["nodes"])
    assert len(small) == len(large) <= 6, large
