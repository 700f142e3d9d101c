/* SPDX-License-Identifier: MIT */
/* Session: what every command loads once before its work (the incident, contacts, rules, the
 * compiled template, fonts) and how it ends. Part of the run layer: run.c and preview.c use it. */
#ifndef BL_SESSION_H
#define BL_SESSION_H

#include "check.h"
#include "common.h"
#include "contacts.h"
#include "diag.h"
#include "fonts.h"
#include "incident.h"
#include "rules.h"
#include "source.h"
#include "template.h"

/* Exit codes of the breachletter command. */
enum bl_exit {
    BL_EXIT_OK = 0,
    BL_EXIT_ROWS_REJECTED = 1, /* some recipients got no letter: see the manifest */
    BL_EXIT_USAGE = 2,
    BL_EXIT_BAD_INPUT = 3,    /* the incident, template or list header is wrong: no letters */
    BL_EXIT_IO = 4,           /* a file could not be read or written */
    BL_EXIT_NONCOMPLIANT = 5, /* check found letters that break a rule: render refused them */
};

struct bl_session {
    struct bl_diag *diag;  /* the caller's, borrowed: where the command tells everything */
    struct bl_diag *quiet; /* keeps messages to report them with their row */
    struct bl_incident *incident;
    struct bl_contacts *contacts;
    struct bl_rules *rules;
    struct bl_template *tpl;
    struct bl_check_report *check;
    struct bl_fonts *fonts;
    char *template_path; /* the compiled template file */
    /* the caller's, borrowed, or NULL: the pass over the list kept between checks of it
     * (check.h's bl_check_memo), which bl_session_check uses and keeps */
    struct bl_check_memo *memo;
};

/* Starts an empty session that tells its caller everything through diag (borrowed: it must
 * outlive the session). bl_session_release frees what the session holds, never diag. */
BL_API void bl_session_init(struct bl_session *s, struct bl_diag *diag);
BL_API void bl_session_release(struct bl_session *s);

/* Loads the incident, contacts, rules and the incident's template (its letter.xml, or
 * template_file beside it). draft: problems in the incident and template are reported but
 * what can be used is kept (preview). A missing incident or list is BL_EXIT_IO. Returns an
 * enum bl_exit. */
BL_API int bl_session_load(struct bl_session *s, const char *incident, const char *recipients,
                           const char *data_dir, const char *template_file, gboolean draft);

/* init + load (strict) + check over the list: what check and report start with. Returns an
 * enum bl_exit; release the session in any case. */
BL_API int bl_session_open_checked(struct bl_session *s, const char *incident,
                                   const char *recipients, const char *data_dir,
                                   struct bl_diag *diag);

/* Loads the fonts, and the address abbreviations the layout fits addresses with
 * (templates/address-abbreviations.xml). Returns an enum bl_exit. */
BL_API int bl_session_fonts(struct bl_session *s, const char *data_dir);

/* Runs the compliance check over the list (NULL: sample residents) into s->check, reporting
 * problems of the list to diag. Returns 0 or -1. */
BL_API int bl_session_check(struct bl_session *s, const char *recipients, struct bl_diag *diag);

/* A person made of placeholders ("[First Name]", "[Street Address]") exposed to every category
 * of the incident, in jurisdiction (NULL: none), for specimens and previews. A covered entity
 * becomes "[Health Care Provider]", written into *entity. Free with bl_recipient_free(). */
BL_API struct bl_recipient *bl_session_placeholder(const struct bl_incident *incident,
                                                   const char *jurisdiction,
                                                   struct bl_entity *entity);

/* Today: the date set with bl_session_set_today, else the clock's. */
BL_API void bl_session_today(GDate *out);

/* Sets the date every later "today" is (YYYY-MM-DD; NULL: the clock's again), so that a report
 * can be reproduced: process-wide, like a locale. Returns 0, or -1 when date is not a date. */
BL_API int bl_session_set_today(const char *date);

/* The directory holding templates/ and fonts/: given (the program decides it, from its options
 * or its environment), or, when given is NULL, where they are installed
 * (CMAKE_INSTALL_FULL_DATADIR/breachletter, set when the library is built; the library knows
 * no source tree). Borrowed or static. */
BL_API const char *bl_session_data_dir(const char *given);

#endif
