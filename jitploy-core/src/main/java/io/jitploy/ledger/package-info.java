/**
 * The release ledger: a durable, append-only record of every deploy attempt, with the queries the deploy path,
 * promotion, rollback and the views need. Start at {@link io.jitploy.ledger.ReleaseLedger} and {@link
 * io.jitploy.ledger.FileReleaseLedger}; the on-disk format and recovery rules are in {@code docs/ledger.md}.
 */
package io.jitploy.ledger;
