"""The one table every workflow's cases live in: kind, state, optimistic version."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.models.base import fremmednokkel, tidspunkt
from tilskudd_flow.models.tenancy import Helsefellesskap


class WorkflowState(SQLModel, table=True):
    """Every (workflow, state) pair the registered definitions know; constrains case.state."""

    __tablename__ = "workflow_state"

    workflow: str = Field(primary_key=True, max_length=60)
    state: str = Field(primary_key=True, max_length=60)


_versjon = sa.Column("versjon", sa.Integer, nullable=False)


class WorkflowCase(SQLModel, table=True):
    __tablename__ = "workflow_case"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["workflow", "state"], ["workflow_state.workflow", "workflow_state.state"]
        ),
        sa.Index("ix_workflow_case_hf_workflow_state", "helsefellesskap_id", "workflow", "state"),
    )
    __mapper_args__ = {"version_id_col": _versjon}

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    workflow: str = Field(max_length=60)
    state: str = Field(max_length=60)
    versjon: int = Field(default=0, sa_column=_versjon)
    tittel: str = Field(max_length=300)
    opprettet: datetime = Field(sa_column=tidspunkt())
    endret: datetime = Field(sa_column=tidspunkt())
    # The sekretariat user who handles the case; None: nobody has taken it yet.
    saksbehandler_id: int | None = Field(
        default=None, sa_column=fremmednokkel("bruker.id", nullable=True, ondelete="SET NULL")
    )

    # Loaded with the case: every transition needs the tenant's name and settings.
    helsefellesskap: Helsefellesskap = Relationship(sa_relationship_kwargs={"lazy": "joined"})
