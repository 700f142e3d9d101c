/* SPDX-License-Identifier: MIT */
/* What every public header shares: BL_API, the mark of a function the library exports. */
#ifndef BL_COMMON_H
#define BL_COMMON_H

/* The library is compiled with -fvisibility=hidden: libbreachletter.so exports the functions
 * declared with BL_API in the public headers and nothing else (the test api/exported-symbols
 * holds the two lists equal). Every other function, even one shared between the library's
 * modules, stays its own. */
#if defined(__GNUC__) || defined(__clang__)
#define BL_API __attribute__((visibility("default")))
#else
#define BL_API
#endif

#endif
