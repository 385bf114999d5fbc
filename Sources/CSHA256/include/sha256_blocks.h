#ifndef NEWSGRAPH_SHA256_BLOCKS_H
#define NEWSGRAPH_SHA256_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/// The 64 round constants of SHA-256 (FIPS 180-4, 4.2.2), shared with the Swift compression.
const uint32_t *newsgraph_sha256_round_constants(void);

/// Whether this CPU has the SHA extensions (x86-64 SHA-NI) that
/// newsgraph_sha256_blocks uses; 0 elsewhere.
int newsgraph_sha256_has_hardware(void);

/// Runs the SHA-256 compression over `blocks` 64-byte blocks at `data`, updating the eight
/// state words. Only call it when newsgraph_sha256_has_hardware() returned 1.
void newsgraph_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
