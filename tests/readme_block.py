"""readme_block.py README FILE: FILE appears in README verbatim, as the
body of a fenced code block (so the README's example is the one the tests
compile and run)."""
import sys

readme = open(sys.argv[1], encoding='utf-8').read()
body = open(sys.argv[2], encoding='utf-8').read()
blocks = []
lines = readme.split('\n')
i = 0
while i < len(lines):
    if lines[i].startswith('```'):
        j = i + 1
        while j < len(lines) and not lines[j].startswith('```'):
            j += 1
        blocks.append('\n'.join(lines[i + 1:j]) + '\n')
        i = j + 1
    else:
        i += 1
if body not in blocks:
    print('%s is not a code block of %s' % (sys.argv[2], sys.argv[1]))
    sys.exit(1)
