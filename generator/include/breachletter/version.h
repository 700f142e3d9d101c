/* SPDX-License-Identifier: MIT */
/* Version: which libbreachletter a program runs with. */
#ifndef BL_VERSION_H
#define BL_VERSION_H

#include "common.h"

/* The library's version, "MAJOR.MINOR.PATCH": the project's version in CMakeLists.txt, the one
 * place it is defined (the tool's --version, the manual page, breachletter.pc, the soname and
 * the "program" of a run's record say the same). Static; never NULL. */
BL_API const char *bl_version(void);

#endif
