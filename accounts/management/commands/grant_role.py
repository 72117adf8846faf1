from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import actions
from accounts.models import Agency, Area, CouncilMemberRole


class Command(BaseCommand):
    help = (
        "Grant a role: grant_role EMAIL official --agency NAME --area SLUG [--area SLUG …] | "
        "grant_role EMAIL moderator --area SLUG | --all-areas | grant_role EMAIL facilitator --area SLUG … [--for-member EMAIL] | "
        "grant_role EMAIL council_member --district NAME --area SLUG …"
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=list(actions.ROLE_MODELS))
        parser.add_argument("--district", help="electoral district, dapil (council members)")
        parser.add_argument("--agency", help="agency name or short name (officials)")
        parser.add_argument("--area", action="append", default=[], help="area slug; repeat for several")
        parser.add_argument("--all-areas", action="store_true", help="moderator of every area")
        parser.add_argument(
            "--for-member", metavar="EMAIL", help="facilitator on a council member's staff (the member's e-mail)"
        )
        parser.add_argument("--supervisor", action="store_true", help="official who supervises the agency's answers")

    def handle(self, *args, email, role, agency, area, all_areas, supervisor, district, for_member, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with e-mail {email}.")
        if for_member and role != actions.ROLE_FACILITATOR:
            raise CommandError("--for-member is for a facilitator on a council member's staff.")
        areas = []
        for slug in area:
            found = Area.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"No area with slug {slug!r}.")
            areas.append(found)
        if role == "official":
            if not agency:
                raise CommandError("An official needs --agency.")
            found_agency = (
                Agency.objects.filter(name__iexact=agency).first()
                or Agency.objects.filter(short_name__iexact=agency).first()
            )
            if found_agency is None:
                raise CommandError(f"No agency named {agency!r}.")
            if not areas:
                raise CommandError("An official needs at least one --area.")
            actions.grant_official(
                user=user, agency=found_agency, areas=areas, is_supervisor=supervisor, by="grant_role"
            )
            self.stdout.write(
                f"{email} is now an official of {found_agency.name} for {', '.join(a.slug for a in areas)}."
            )
        elif role == actions.ROLE_FACILITATOR:
            if not areas:
                raise CommandError("A facilitator needs at least one --area.")
            member = self._member(for_member) if for_member else None
            try:
                actions.grant_facilitator(user=user, areas=areas, by="grant_role", for_member=member)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            staff = f", on the staff of {for_member}" if member else ""
            self.stdout.write(f"{email} is now a facilitator for {', '.join(a.slug for a in areas)}{staff}.")
        elif role == actions.ROLE_COUNCIL_MEMBER:
            if not district or not areas:
                raise CommandError("A council member needs --district NAME and at least one --area.")
            actions.grant_council_member(user=user, district=district, areas=areas, by="grant_role")
            self.stdout.write(f"{email} is now the council member for {district}.")
        else:
            if not areas and not all_areas:
                raise CommandError("A moderator needs --area SLUG (repeatable) or --all-areas.")
            actions.grant_moderator(user=user, areas=areas, all_areas=all_areas, by="grant_role")
            where = "all areas" if all_areas else ", ".join(a.slug for a in areas)
            self.stdout.write(f"{email} is now a moderator of {where}.")

    @staticmethod
    def _member(email: str) -> CouncilMemberRole:
        member = CouncilMemberRole.objects.filter(user__email__iexact=email).first()
        if member is None:
            raise CommandError(f"No council member with e-mail {email}.")
        return member
