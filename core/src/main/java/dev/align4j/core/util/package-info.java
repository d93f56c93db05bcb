/**
 * Small helpers with one owner for every module: user errors (one line, exit code 2), the embedded-model
 * cache folder, folder-tree deletion and the shared parts of Hugging Face {@code tokenizer.json} files.
 */
package dev.align4j.core.util;
