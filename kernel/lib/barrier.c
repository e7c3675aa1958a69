// SPDX-License-Identifier: MIT
/*
 * barrier.c - the word asm/barrier.h's barriers update under
 * ThreadSanitizer (a fence there is a seq_cst RMW of it).  It exists in
 * every build, so a program built with TSan links against any library.
 */
#include <asm/barrier.h>

unsigned long zsk_barrier_word;
