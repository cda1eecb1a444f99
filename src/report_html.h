/* report_html.h - pieces of the report page shared by its two halves:
 * report_html.c (the page, totals, months, storage by user, department
 * and file type) and report_html_risk.c (ages and retention, the trash,
 * files not completed, passcodes).  Every string from Zoom or the user
 * goes through zrx_html_esc, inside <bdi> so that right-to-left text
 * stays in its cell. */
#ifndef ZRX_REPORT_HTML_H
#define ZRX_REPORT_HTML_H

#include "report_agg.h"
#include "report_fmt.h"
#include "report_svg.h"
#include "util.h"

/* <bdi>escaped s</bdi>, cut to max characters ((size_t)-1: whole);
 * fallback (plain text) when s is NULL or empty. */
void zrx_h_text(struct zrx_buf *b, const char *s, size_t n, size_t max, const char *fallback);

/* A right-aligned cell: a count; bytes (exact count in its title); hours. */
void zrx_h_count_td(struct zrx_buf *b, zrx_u128 v);
void zrx_h_bytes_td(struct zrx_buf *b, zrx_u128 v);
void zrx_h_hours_td(struct zrx_buf *b, zrx_u128 ms);

/* A figure of a figures grid: label, the value shown, the exact value in
 * data-value (and an id for tools that read the page). */
void zrx_h_kpi(struct zrx_buf *b, const char *id, const char *label, zrx_u128 value,
               int bytes);

/* Open and close a grid of figures. */
void zrx_h_kpis_open(struct zrx_buf *b);
void zrx_h_kpis_close(struct zrx_buf *b);

/* A cell naming a user: the name (when known) over the id. */
void zrx_h_user_td(struct zrx_buf *b, const char *id, size_t id_len, const char *name,
                   size_t name_len);

/* Which figures a table of users shows. */
enum { ZRX_HC_MEETINGS = 1, ZRX_HC_FILES = 2, ZRX_HC_BYTES = 4, ZRX_HC_HOURS = 8,
       ZRX_HC_DEPT = 16 };

/* A table of users (rows of t), the columns cols says, and the rest. */
void zrx_h_user_table(struct zrx_buf *b, const struct zrx_rtable *t, unsigned cols);

/* Bars of the rows of t (users get their name as label) by bytes, or by
 * files or meetings (unit COUNT, field 'f' or 'm'). */
void zrx_h_table_bars(struct zrx_buf *b, const char *title, const struct zrx_rtable *t,
                      enum zrx_svg_unit unit, char field);

/* <p class="note">text</p>, text is trusted (not escaped). */
void zrx_h_note(struct zrx_buf *b, const char *html);

/* The sections of report_html_risk.c. */
void zrx_h_ages(struct zrx_buf *b, const struct zrx_rdata *d);
void zrx_h_trash(struct zrx_buf *b, const struct zrx_rdata *d);
void zrx_h_notdone(struct zrx_buf *b, const struct zrx_rdata *d);
void zrx_h_passcode(struct zrx_buf *b, const struct zrx_rdata *d);

#endif
