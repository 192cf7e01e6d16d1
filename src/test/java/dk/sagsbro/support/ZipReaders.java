package dk.sagsbro.support;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How four independent ZIP readers see an archive: each reading maps every file entry's name to the SHA-256 of its
 * bytes, sorted by name (folders are left out: unzip makes the folders a path needs whether listed or not). The readers are {@code java.util.zip.ZipFile}, Apache Commons
 * Compress's {@code ZipFile} (central directory) and {@code ZipArchiveInputStream} (streaming), and the {@code unzip}
 * command, which extracts into a folder that is then walked.
 */
public final class ZipReaders {
    private ZipReaders() {
    }

    /** A reader's view, or the reason it could not read the archive. */
    public record Reading(String reader, Map<String, String> entries, String failure) {
    }

    public static boolean unzipAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/unzip"));
    }

    public static List<Reading> readAll(byte[] archive, Path workDirectory) throws IOException, InterruptedException {
        Path file = Files.createTempFile(workDirectory, "archive", ".zip");
        Files.write(file, archive);
        try {
            List<Reading> readings = new ArrayList<>();
            readings.add(attempt("java.util.zip.ZipFile", () -> jdkZipFile(file)));
            readings.add(attempt("commons ZipFile", () -> commonsZipFile(file)));
            readings.add(attempt("commons ZipArchiveInputStream", () -> commonsStream(archive)));
            if (unzipAvailable()) {
                readings.add(unzip(file, workDirectory));
            }
            return readings;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private interface Read {
        Map<String, String> run() throws Exception;
    }

    private static Reading attempt(String reader, Read read) {
        try {
            return new Reading(reader, read.run(), null);
        } catch (Exception | Error e) {
            return new Reading(reader, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Map<String, String> jdkZipFile(Path file) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (var zip = new java.util.zip.ZipFile(file.toFile())) {
            for (var entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    put(seen, entry.getName(), entry.isDirectory() ? null : in);
                }
            }
        }
        return seen;
    }

    private static Map<String, String> commonsZipFile(Path file) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (var zip = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                if (entry.isUnixSymlink()) {
                    throw new IOException("symbolic link " + entry.getName());
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    put(seen, entry.getName(), entry.isDirectory() ? null : in);
                }
            }
        }
        return seen;
    }

    private static Map<String, String> commonsStream(byte[] archive) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (var zip = new ZipArchiveInputStream(new ByteArrayInputStream(archive), "UTF-8", true, true)) {
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                put(seen, entry.getName(), entry.isDirectory() ? null : zip);
            }
        }
        return seen;
    }

    private static Reading unzip(Path file, Path workDirectory) throws IOException, InterruptedException {
        Path target = Files.createTempDirectory(workDirectory, "unzipped");
        try {
            ProcessBuilder command = new ProcessBuilder("unzip", "-qq", "-o", file.toString(), "-d",
                    target.toString()).redirectErrorStream(true);
            // unzip writes UTF-8 names only under a UTF-8 locale, as a receiver's system would have
            command.environment().put("LC_ALL", "C.UTF-8");
            Process process = command.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return new Reading("unzip", null, "exit " + process.exitValue() + ": " + output.strip());
            }
            Map<String, String> seen = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path path : walk.sorted().toList()) {
                    if (path.equals(target)) {
                        continue;
                    }
                    String name = target.relativize(path).toString().replace('\\', '/');
                    if (Files.isSymbolicLink(path)) {
                        throw new IOException("unzip made a symbolic link " + name);
                    }
                    if (!Files.isDirectory(path)) {
                        try (InputStream in = Files.newInputStream(path)) {
                            put(seen, name, in);
                        }
                    }
                }
            }
            return new Reading("unzip", seen, null);
        } finally {
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path path : walk.sorted(Collections.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void put(Map<String, String> seen, String name, InputStream content) throws IOException {
        if (content == null) {
            return;
        }
        if (seen.put(name, sha256(content)) != null) {
            throw new IOException("the reader listed " + name + " twice");
        }
    }

    public static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
