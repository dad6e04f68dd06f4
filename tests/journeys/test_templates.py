"""The seven built-in plan templates: each starts a draft that publishes once its content is chosen."""

from __future__ import annotations

import copy

import pytest

from api.accounts.models import Role
from api.core.errors import DomainError
from api.core.viewer import ROLE_SCOPES, Viewer
from api.journeys import services
from api.journeys.graph import NodeKind, validate
from api.journeys.templates import TEMPLATES
from api.templates.models import Template, TemplateChannel
from tests.factories import GraphQLClient, make_token

ADMIN = Viewer(role=Role.ADMIN, name="admin", scopes=ROLE_SCOPES[Role.ADMIN])


def test_there_are_seven_and_each_is_a_valid_graph_once_its_content_is_picked() -> None:
    assert len(TEMPLATES) == 7
    for t in TEMPLATES.values():
        graph = copy.deepcopy(t.graph)
        for n in graph["nodes"]:
            if n["kind"] == "MESSAGE":
                n["config"]["templateId"] = 1
        g = validate(graph)
        assert g.entry.config["mode"] in ("ONE_SHOT", "RECURRING", "TRIGGERED"), t.key


@pytest.mark.parametrize("key", sorted(TEMPLATES))
async def test_create_from_a_template_then_publish(db: None, key: str) -> None:
    # given a journey created from the template
    journey = await services.create_journey(ADMIN, "", template_key=key)
    assert journey.name == TEMPLATES[key].name[1] and journey.template_key == key
    kinds = {n["kind"] for n in journey.draft["nodes"]}
    if "MESSAGE" in kinds:
        # when published before the content is picked, the message node asks for it
        with pytest.raises(DomainError) as e:
            await services.publish(ADMIN, journey.id)
        assert any("needs a template" in fe.message for fe in e.value.errors)
        content = await Template.create(name=key, channel=TemplateChannel.ANY, text="{customer_name}，您好")
        for n in journey.draft["nodes"]:
            if n["kind"] == "MESSAGE":
                n["config"]["templateId"] = content.id
        await services.update_draft(ADMIN, journey.id, draft=journey.draft)
        version = await services.publish(ADMIN, journey.id)
        assert version.number == 1
    else:
        # a guide-task template needs no content: it publishes as it is
        assert NodeKind.GUIDE_TASK.value in kinds
        version = await services.publish(ADMIN, journey.id)
        assert version.number == 1


async def test_templates_through_graphql(app) -> None:  # type: ignore[no-untyped-def]
    async with GraphQLClient(app, await make_token(Role.ADMIN)) as gql:
        listed = await gql("{ journeyTemplates { key nameZh nameEn graph { nodes { id kind } } } }")
        assert {t["key"] for t in listed["journeyTemplates"]} == set(TEMPLATES)
        out = await gql('mutation { journeyCreate(input: {fromTemplate: POST_SERVICE_FOLLOW_UP}) '
                        '{ journey { name draft { nodes { id kind config } } } userErrors { message } } }')
        journey = out["journeyCreate"]["journey"]
        assert journey["name"] == "服务后回访"
        assert [n["kind"] for n in journey["draft"]["nodes"]] == ["ENTRY", "WAIT", "MESSAGE"]
