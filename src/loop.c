/* loop.c */
#include "config.h"
extern int zrx_placeholder_loop;
