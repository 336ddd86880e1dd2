"""The Standar Pelayanan (Permenpan RB 15/2014) of each public-service SOP, generated from the SOP in force: the
components an applicant reads — persyaratan, sistem/mekanisme/prosedur, jangka waktu penyelesaian, biaya/tarif,
produk pelayanan, penanganan pengaduan, saran dan masukan — with the office's contact. Public: no user, and only
SOPs that say they serve an applicant (``layanan_publik``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from engine.db import Database
from engine.errors import NotFound
from engine.labels import role_label, role_names
from engine.models import ProcessDefinition
from engine.phrases import N_
from engine.public_service.tracking import is_public_service, service_cost


@dataclass(frozen=True)
class StandardStep:
    position: int
    name: str
    role: str
    standard_duration: str
    time_basis: str
    standard_time_text: str | None


@dataclass(frozen=True)
class ServiceStandard:
    key: str
    name: str
    nomor_sop: str | None
    unit_name: str
    office_name: str
    header_lines: tuple[str, ...]
    address: str
    legal_basis: tuple[str, ...]
    requirements: tuple[str, ...]
    steps: tuple[StandardStep, ...]
    cost: str
    product: str
    complaints: tuple[str, ...]


@dataclass(frozen=True)
class PublicService:
    key: str
    name: str
    unit_name: str


def public_services(db: Database) -> list[PublicService]:
    """The SOPs in force that serve an applicant (names are public: they are on the office's notice board)."""
    with db.transaction(write=False) as session:
        rows = session.scalars(select(ProcessDefinition).where(ProcessDefinition.is_latest)
                               .order_by(ProcessDefinition.name)).all()
        return [PublicService(d.key, d.name, d.unit.name) for d in rows if is_public_service(d)]


def service_standard(db: Database, key: str) -> ServiceStandard:
    """The Standar Pelayanan of the public service ``key`` as in force today."""
    with db.transaction(write=False) as session:
        definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key[:120],
                                                                    ProcessDefinition.is_latest))
        if definition is None or not is_public_service(definition):
            raise NotFound(N_("Standar Pelayanan tidak ditemukan."))
        sop = definition.sop or {}
        names = role_names(session)
        steps = sorted(definition.steps, key=lambda s: s.position)
        requirements: list[str] = []
        for step in steps:  # what the applicant brings, each once, in the order the steps ask for it
            requirements += [r for r in step.requirements if r not in requirements]
        header = sop.get("header") or {}
        office = str((sop.get("office") or {}).get("name") or "")
        lines = tuple(line for line in (str(header.get("pemerintah") or "").upper(),
                                        str(header.get("instansi") or office).upper()) if line)
        return ServiceStandard(
            key=definition.key, name=definition.name, nomor_sop=definition.nomor_sop or None,
            unit_name=definition.unit.name, office_name=office, header_lines=lines,
            address=str(header.get("alamat") or ""), legal_basis=tuple(sop.get("dasar_hukum") or ()),
            requirements=tuple(requirements),
            steps=tuple(StandardStep(s.position, s.name, role_label(s.performer_role_code or s.role_code, names),
                                     s.standard_duration, s.time_basis, s.standard_time_text) for s in steps),
            cost=service_cost(sop), product=str(sop.get("produk_layanan") or "").strip(),
            complaints=tuple(sop.get("pengaduan") or ()),
        )
