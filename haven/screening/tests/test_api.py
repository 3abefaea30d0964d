"""POST /api/v1/screening/assess: the view's own behaviour and its OpenAPI description.

Authentication and permissions are the project's defaults and are tested with the project's
API; here they are switched off so that the view itself can be tested without a database.
"""

import json

from drf_spectacular.generators import SchemaGenerator
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory

from haven.screening.api import EXAMPLE_REQUEST, ScreeningAssessView
from haven.screening.api_urls import urlpatterns

view = ScreeningAssessView.as_view(authentication_classes=[], permission_classes=[AllowAny])


def post(body, **kwargs):
    request = APIRequestFactory().post("/api/v1/screening/assess", body, **kwargs)
    response = view(request)
    response.render()
    return response


def test_contract_example_is_screened():
    response = post(json.dumps(EXAMPLE_REQUEST), content_type="application/json")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["person_status"] == "child"
    assert body["outcome"] == "potential_victim"
    meeting = next(a for a in body["required_actions"] if a["code"] == "strategy_meeting")
    assert meeting["due_by"] == "2026-11-27T23:59:59+00:00"


def test_invalid_body_is_a_400_naming_the_bad_value():
    response = post(
        json.dumps({"codes": ["act.kidnap"], "assessed_at": "2026-11-24T10:00:00Z"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "act.kidnap" in response.content.decode()


def test_only_json_is_accepted():
    response = post({"codes": "act.harbouring"}, format="multipart")
    assert response.status_code == 415


def test_schema_documents_request_and_response():
    schema = SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)
    components = schema["components"]["schemas"]

    def resolve(reference):
        return components[reference["$ref"].rsplit("/", 1)[1]]

    operation = schema["paths"]["/screening/assess"]["post"]
    assert operation["operationId"] == "screening_assess"
    request = resolve(operation["requestBody"]["content"]["application/json"]["schema"])
    response = resolve(operation["responses"]["200"]["content"]["application/json"]["schema"])
    assert "400" in operation["responses"]

    assert "act.harbouring" in resolve(request["properties"]["codes"]["items"])["enum"]
    circumstances = resolve(request["properties"]["circumstances"])
    assert "warrington" in resolve(circumstances["properties"]["areas_involved"]["items"])["enum"]
    assert {"person_status", "outcome", "required_actions", "explanation"} <= set(
        response["properties"]
    )
    assert "strategy_meeting" in components["ScreeningAction"]["enum"]
