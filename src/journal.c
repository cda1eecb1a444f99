/* journal.c */
#include "config.h"
extern int zrx_placeholder_journal;
