package io.jitploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The git repository around a project, read with JGit (no git binary needed). */
final class GitRepository implements AutoCloseable {
    private final Repository repository;

    private GitRepository(Repository repository) {
        this.repository = repository;
    }

    /** The repository containing {@code dir}, if any. */
    static Optional<GitRepository> around(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GitRepository(builder.setMustExist(true).build()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when the file is ignored by git, or when there is no repository to commit it to. */
    static boolean isIgnored(Path dir, Path file) {
        Optional<GitRepository> git = around(dir);
        if (git.isEmpty()) {
            return true;
        }
        try (GitRepository repository = git.get()) {
            String path = repository.relative(file);
            return new Git(repository.repository)
                    .status().addPath(path).call().getIgnoredNotInIndex().stream()
                            .anyMatch(ignored -> path.equals(ignored) || path.startsWith(ignored + "/"));
        } catch (GitAPIException | RuntimeException e) {
            return true;
        }
    }

    /** True when the file is in git's index (staged or committed). */
    boolean isTracked(Path file) throws IOException {
        return repository.readDirCache().findEntry(relative(file)) >= 0;
    }

    /**
     * The file's content at a revision ({@code HEAD}, a branch, a tag, {@code HEAD~2}, a commit id).
     *
     * @return empty when the file does not exist at that revision
     * @throws CliException (exit code 2) when the revision does not exist
     */
    Optional<byte[]> readAt(String revision, Path file) throws IOException {
        ObjectId commitId = repository.resolve(revision + "^{commit}");
        if (commitId == null && revision.equals("HEAD")) {
            // A repository without commits yet: nothing was committed, so every key is new.
            return Optional.empty();
        }
        if (commitId == null) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "Unknown git revision '" + revision + "'. Use a branch, tag,"
                            + " commit id or an expression such as HEAD~1.");
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(commitId);
            try (TreeWalk tree = TreeWalk.forPath(repository, relative(file), commit.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                return Optional.of(repository.open(tree.getObjectId(0)).getBytes());
            }
        }
    }

    /** The commit id of HEAD, or empty in a repository without commits. Closes the repository. */
    Optional<String> headCommit() {
        try (this) {
            ObjectId head = repository.resolve("HEAD^{commit}");
            return head == null ? Optional.empty() : Optional.of(head.name());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The path relative to the work tree, with forward slashes, as git names it. */
    String relative(Path file) {
        Path workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
        return workTree.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    @Override
    public void close() {
        repository.close();
    }
}
