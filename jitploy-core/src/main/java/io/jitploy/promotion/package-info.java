/**
 * Promotion, rollback and quarantine rules: which release may go where, and why not.
 *
 * <p>{@link io.jitploy.promotion.PromotionService} answers with plans (what would be deployed, what it replaces,
 * which config keys change) or refuses with a typed exception naming the reason and the fix. Executing a plan is
 * the deploy orchestration's job ({@code io.jitploy.deploy}), so that a Pipeline step and a UI button run the
 * same code path.
 */
package io.jitploy.promotion;
