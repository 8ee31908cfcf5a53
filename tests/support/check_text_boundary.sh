#!/bin/sh
# Fails when a file outside stages/normalize decodes bytes with ICU converters or iconv: every
# byte from outside becomes text through jikji_text (stages/normalize/README.md).
cd "$1" || exit 2
found=$(grep -rlE 'ucnv_|ucsdet_|iconv_open|unicode/ucnv\.h|unicode/ucsdet\.h' \
    pipeline converters stages --include='*.cpp' --include='*.h' | grep -v '^stages/normalize/')
if [ -n "$found" ]; then
    echo "charset decoding outside stages/normalize:"
    echo "$found"
    exit 1
fi
echo "no charset decoding outside stages/normalize"
