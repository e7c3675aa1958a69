/* SPDX-License-Identifier: MIT */
/*
 * options-doc - the boot option table as documentation, at build time.
 * It reads the one table zslab_options_help() prints (zslab_option_get()),
 * so the man page and the README's check cannot drift from the parser.
 *
 *   zslab-options-doc --table
 *       one line per option: name, alias, syntax, default, help,
 *       separated by tabs (an empty field for no alias); the README test
 *       reads this.
 *   zslab-options-doc --man TEMPLATE OUTPUT
 *       copy the roff TEMPLATE to OUTPUT with the line ".\" @OPTIONS@"
 *       replaced by one tagged paragraph per option (zslab-cmdline(7)).
 *
 * Public API only; not installed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <zslab/zslab.h>

#define MARK ".\\\" @OPTIONS@"

/* Text for roff: backslashes and hyphens escaped, no control line. */
static void roff(FILE *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

static void man_option(FILE *out, const struct zslab_option *o)
{
	fputs(".TP\n\\fB", out);
	roff(out, o->name);
	fputs("\\fP\\fI", out);
	roff(out, o->syntax);
	fputs("\\fP\n", out);
	roff(out, o->help);
	fputs(".\nDefault: \\fB", out);
	roff(out, o->def);
	fputs("\\fP.", out);
	if (o->alias) {
		fputs("\nAlso spelled \\fB", out);
		roff(out, o->alias);
		fputs("\\fP.", out);
	}
	fputc('\n', out);
}

static int man(const char *template, const char *output)
{
	FILE *in = fopen(template, "r"), *out;
	char line[4096];
	int marks = 0;

	if (!in) {
		fprintf(stderr, "zslab-options-doc: %s: %s\n", template, strerror(errno));
		return 1;
	}
	out = fopen(output, "w");
	if (!out) {
		fprintf(stderr, "zslab-options-doc: %s: %s\n", output, strerror(errno));
		fclose(in);
		return 1;
	}
	while (fgets(line, sizeof(line), in)) {
		struct zslab_option o;

		if (strncmp(line, MARK, strlen(MARK))) {
			fputs(line, out);
			continue;
		}
		marks++;
		for (unsigned int i = 0; !zslab_option_get(i, &o); i++)
			man_option(out, &o);
	}
	fclose(in);
	if (fclose(out) || marks != 1) {
		fprintf(stderr, "zslab-options-doc: %s: %s\n", marks == 1 ? output : template,
			marks == 1 ? "write error" : "want exactly one line " MARK);
		remove(output);
		return 1;
	}
	return 0;
}

static void table(void)
{
	struct zslab_option o;

	for (unsigned int i = 0; !zslab_option_get(i, &o); i++)
		printf("%s\t%s\t%s\t%s\t%s\n", o.name, o.alias ? o.alias : "",
		       o.syntax, o.def, o.help);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--table")) {
		table();
		return fflush(stdout) ? 1 : 0;
	}
	if (argc == 4 && !strcmp(argv[1], "--man"))
		return man(argv[2], argv[3]);
	fprintf(stderr, "usage: zslab-options-doc --table | --man TEMPLATE OUTPUT\n");
	return 2;
}
