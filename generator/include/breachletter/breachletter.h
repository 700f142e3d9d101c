/* SPDX-License-Identifier: MIT */
/* libbreachletter, whole: every public header, for a program that would rather include one
 * (<breachletter/breachletter.h>) than name the modules it uses. */
#ifndef BL_BREACHLETTER_H
#define BL_BREACHLETTER_H

#include "common.h"
#include "version.h"

#include "bind.h"
#include "check.h"
#include "contacts.h"
#include "diag.h"
#include "fields.h"
#include "fingerprint.h"
#include "fonts.h"
#include "incident.h"
#include "incident_form.h"
#include "kinds.h"
#include "layout.h"
#include "manifest.h"
#include "merge.h"
#include "outdir.h"
#include "paginate.h"
#include "preview.h"
#include "render_letters.h"
#include "rules.h"
#include "run.h"
#include "run_only.h"
#include "runrecord.h"
#include "session.h"
#include "signoff.h"
#include "sink.h"
#include "source.h"
#include "tempfile.h"
#include "template.h"
#include "text.h"
#include "xml.h"

#endif
