// Replays the libxml2 writer calls of an RDF/XML export (from to_ops.py) with nothing else
// running: no store, no Swift. What libxml2 alone needs to write the same document.
//
//   cc -O2 replay.c $(pkg-config --cflags --libs libxml-2.0) -o replay
//   ./replay graph.ops MODE [OUT]
//
// MODE 0: xmlTextWriter with indentation, as `newsgraph export --format rdfxml` (OUT, if
// given, is byte-identical to the export); 1: xmlTextWriter without indentation; 2: one
// libxml2 tree per subject, serialized with xmlNodeDumpOutput. Prints the best CPU time of
// three runs (one when writing OUT).
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { char op; char *a; char *b; } Op;
static Op *ops;
static size_t count;
static FILE *copy;
static size_t written;

static int sink(void *context, const char *buffer, int length) {
    (void)context;
    written += (size_t)length;
    if (copy) fwrite(buffer, 1, (size_t)length, copy);
    return length;
}

static char *readString(unsigned char **p) {
    unsigned length;
    memcpy(&length, *p, 4);
    *p += 4;
    char *s = malloc(length + 1);
    memcpy(s, *p, length);
    s[length] = 0;
    *p += length;
    return s;
}

static void load(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc((size_t)n), *p = data, *end = data + n;
    if (fread(data, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    fclose(f);
    ops = malloc(sizeof(Op) * (size_t)(n / 2 + 1));
    while (p < end) {
        Op op = {(char)*p++, NULL, NULL};
        if (op.op == 'S' || op.op == 'T') op.a = readString(&p);
        else if (op.op == 'A') { op.a = readString(&p); op.b = readString(&p); }
        ops[count++] = op;
    }
}

static void textWriter(int indent) {
    xmlTextWriterPtr w = xmlNewTextWriter(xmlOutputBufferCreateIO(sink, NULL, NULL, NULL));
    if (indent) { xmlTextWriterSetIndent(w, 1); xmlTextWriterSetIndentString(w, BAD_CAST "  "); }
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    for (size_t i = 0; i < count; i++) {
        Op op = ops[i];
        switch (op.op) {
        case 'S': xmlTextWriterStartElement(w, BAD_CAST op.a); break;
        case 'A': xmlTextWriterWriteAttribute(w, BAD_CAST op.a, BAD_CAST op.b); break;
        case 'T': xmlTextWriterWriteString(w, BAD_CAST op.a); break;
        case 'E': xmlTextWriterEndElement(w); break;
        }
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
}

static void trees(void) {
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(sink, NULL, NULL, NULL);
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlOutputBufferWriteString(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    int depth = 0;
    xmlNodePtr root = NULL, subject = NULL, property = NULL;
    for (size_t i = 0; i < count; i++) {
        Op op = ops[i];
        switch (op.op) {
        case 'S':
            depth++;
            if (depth == 1) root = xmlNewNode(NULL, BAD_CAST op.a);
            else if (depth == 2) subject = xmlNewNode(NULL, BAD_CAST op.a);
            else property = xmlNewChild(subject, NULL, BAD_CAST op.a, NULL);
            break;
        case 'A':
            xmlNewProp(depth == 1 ? root : depth == 2 ? subject : property, BAD_CAST op.a, BAD_CAST op.b);
            if (depth == 1 && i + 1 < count && ops[i + 1].op != 'A') {
                // The root stays open: only its start tag is written, by hand.
                xmlOutputBufferWriteString(out, "<");
                xmlOutputBufferWriteString(out, (const char *)root->name);
                for (xmlAttrPtr a = root->properties; a; a = a->next) {
                    xmlOutputBufferWriteString(out, " ");
                    xmlOutputBufferWriteString(out, (const char *)a->name);
                    xmlOutputBufferWriteString(out, "=\"");
                    xmlOutputBufferWriteEscape(out, a->children->content, NULL);
                    xmlOutputBufferWriteString(out, "\"");
                }
                xmlOutputBufferWriteString(out, ">");
            }
            break;
        case 'T': xmlNodeAddContent(property, BAD_CAST op.a); break;
        case 'E':
            depth--;
            if (depth == 1) {
                xmlOutputBufferWrite(out, 3, "\n  ");
                xmlNodeDumpOutput(out, doc, subject, 1, 1, NULL);
                xmlFreeNode(subject);
            } else if (depth == 0) {
                xmlOutputBufferWriteString(out, "\n</");
                xmlOutputBufferWriteString(out, (const char *)root->name);
                xmlOutputBufferWriteString(out, ">\n");
                xmlFreeNode(root);
            }
            break;
        }
    }
    xmlOutputBufferClose(out);
    xmlFreeDoc(doc);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: replay OPS MODE [OUT]\n"); return 64; }
    load(argv[1]);
    int mode = atoi(argv[2]);
    if (argc > 3) copy = fopen(argv[3], "wb");
    double best = 1e9;
    for (int run = 0; run < (copy ? 1 : 3); run++) {
        written = 0;
        clock_t start = clock();
        if (mode == 2) trees(); else textWriter(mode == 0);
        double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
        if (seconds < best) best = seconds;
    }
    if (copy) fclose(copy);
    printf("mode %d: %.3f s CPU, %zu bytes, %zu calls\n", mode, best, written, count);
    return 0;
}
