package org.nself.shared.health;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Counts the versioned migrations a module ships, from the class path, without touching the database. */
final class MigrationFiles {
    static final Pattern VERSIONED = Pattern.compile("V\\d+(?:[._]\\d+)*__[^/]+\\.sql");

    private MigrationFiles() {}

    static int count(ClassLoader loader, String location) {
        String folder = location.replaceFirst("^classpath:", "").replaceAll("^/+|/+$", "");
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> urls = loader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.map(p -> p.getFileName().toString())
                                .filter(n -> VERSIONED.matcher(n).matches())
                                .forEach(names::add);
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        String prefix = folder + "/";
                        jar.stream()
                                .map(java.util.zip.ZipEntry::getName)
                                .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
                                .map(n -> n.substring(prefix.length()))
                                .filter(n -> VERSIONED.matcher(n).matches())
                                .forEach(names::add);
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list migrations in " + location, e);
        }
        return names.size();
    }
}
