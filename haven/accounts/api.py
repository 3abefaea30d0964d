from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    agency = serializers.CharField(source="agency.slug", allow_null=True, default=None)
    team = serializers.CharField(source="team.name", allow_null=True, default=None)


class MeView(APIView):
    """Who the caller is: a cheap way for an integration to check its token."""

    @extend_schema(responses=MeSerializer, summary="The authenticated user")
    def get(self, request):
        return Response(MeSerializer(request.user).data)
