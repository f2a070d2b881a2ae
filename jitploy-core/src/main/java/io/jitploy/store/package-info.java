/** How a host keeps the engine's stores, one per top-level item, when its items are renamed or moved. */
package io.jitploy.store;
