import factory
from django.contrib.auth.models import Group

from core import roles
from core.models import IdentityProvider, Organisatie, User

PASSWORD = "Test-wachtwoord-123"


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Stichting Partner {n}")
    soort = Organisatie.Soort.SOCIAAL_DOMEINPARTNER


class GemeenteFactory(OrganisatieFactory):
    naam = factory.Sequence(lambda n: f"Gemeente Test {n}")
    soort = Organisatie.Soort.GEMEENTE
    cbs_code = factory.Sequence(lambda n: f"{9000 + n % 999:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(role="financien", gemeenten=[g])`; partners: `role="partner", organisatie=org`."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    organisatie = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            names = [extracted] if isinstance(extracted, str) else list(extracted)
            for name in names:
                assert name in roles.ROLES, name
                self.groups.add(Group.objects.get_or_create(name=name)[0])
            self.__dict__.pop("role_names", None)

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if extracted:
            self.gemeenten.set(extracted)
            if self.organisatie is None:
                self.organisatie = extracted[0]
            self.__dict__.pop("gemeente_ids", None)
        self.save()


class IdentityProviderFactory(factory.django.DjangoModelFactory):
    """A staff provider of `gemeente`; `IdentityProviderFactory(partners=True)` for an eHerkenning broker.
    The endpoints point at `issuer` (a real provider from tests/core/oidc_provider.py, or nowhere)."""

    class Meta:
        model = IdentityProvider

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.LazyAttribute(lambda o: f"{o.gemeente.naam}")
    slug = factory.Sequence(lambda n: f"idp-{n}")
    issuer = "https://idp.example.org"
    authorization_endpoint = factory.LazyAttribute(lambda o: f"{o.issuer}/auth")
    token_endpoint = factory.LazyAttribute(lambda o: f"{o.issuer}/token")
    userinfo_endpoint = factory.LazyAttribute(lambda o: f"{o.issuer}/me")
    jwks_uri = factory.LazyAttribute(lambda o: f"{o.issuer}/jwks")
    end_session_endpoint = factory.LazyAttribute(lambda o: f"{o.issuer}/session/end")
    client_id = "spuk"
    client_secret = "geheim-van-de-test"
    scopes = "openid email profile groups"
    rol_mapping = factory.LazyFunction(
        lambda: {
            "spuk-beleid": "beleid",
            "spuk-financien": "financien",
            "spuk-controle": "controle",
            "spuk-beheer": "beheer",
        }
    )
    mfa_waarden = factory.LazyFunction(lambda: ["mfa"])

    class Params:
        partners = factory.Trait(
            soort=IdentityProvider.Soort.PARTNERS,
            naam="eHerkenning",
            scopes="openid email profile eherkenning",
            rol_mapping={},
            mfa_waarden=[],
            claim_kvk="kvk",
            claim_vestiging="vestiging",
        )
