"""API tokens: ``last_used_at`` has minute precision and is written at most once a minute."""

from __future__ import annotations

from datetime import timedelta

from api.accounts.models import ApiToken
from api.core import clock
from tests.factories import GraphQLClient, dt, make_token
from tests.querycount import count_queries

NOW = dt("2024-06-01T04:00:10")


def _token_writes(statements: list[str]) -> int:
    return sum(1 for s in statements if s.lstrip().upper().startswith("UPDATE") and '"api_token"' in s)


async def test_last_used_at_is_written_once_a_minute(app) -> None:
    # given a token never used, and a frozen clock at 04:00:10
    clock.set_now(NOW)
    secret = await make_token()
    async with GraphQLClient(app, secret) as client:
        # when it makes 5 requests within the minute
        with count_queries() as statements:
            for _ in range(5):
                assert (await client("{ viewer { name } }"))["viewer"]
                clock.advance(timedelta(seconds=10))

        # then last_used_at was written once, at minute precision
        assert _token_writes(statements) == 1
        token = await ApiToken.get(prefix=secret[:12])
        assert token.last_used_at == dt("2024-06-01T04:00:00")

        # when the next minute has begun, one more request writes it again
        with count_queries() as statements:
            await client("{ viewer { name } }")
            await client("{ viewer { name } }")
        assert _token_writes(statements) == 1
        assert (await ApiToken.get(id=token.id)).last_used_at == dt("2024-06-01T04:01:00")
