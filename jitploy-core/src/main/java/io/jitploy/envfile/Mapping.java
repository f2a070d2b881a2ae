package io.jitploy.envfile;

import java.util.ArrayList;
import java.util.List;

/** An ordered mapping (document order kept), possibly holding comment lines between its entries. */
final class Mapping {
    final List<Item> items;

    Mapping() {
        this.items = new ArrayList<>();
    }

    Mapping(List<Item> items) {
        this.items = new ArrayList<>(items);
    }

    Object get(String key) {
        for (Item item : items) {
            if (!item.isComment() && item.name().equals(key)) {
                return item.value();
            }
        }
        return null;
    }

    boolean containsKey(String key) {
        return items.stream().anyMatch(item -> !item.isComment() && item.name().equals(key));
    }

    void put(String key, Object value) {
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (!item.isComment() && item.name().equals(key)) {
                items.set(i, new Item(key, value));
                return;
            }
        }
        items.add(new Item(key, value));
    }

    boolean remove(String key) {
        return items.removeIf(item -> !item.isComment() && item.name().equals(key));
    }

    /** A deep copy: mappings and lists are copied, scalars shared (they are immutable). */
    static Object deepCopy(Object value) {
        if (value instanceof Mapping mapping) {
            Mapping copy = new Mapping();
            for (Item item : mapping.items) {
                copy.items.add(new Item(item.key(), deepCopy(item.value())));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(deepCopy(element));
            }
            return copy;
        }
        return value;
    }

    static List<Mapping> deepCopy(List<Mapping> documents) {
        List<Mapping> copy = new ArrayList<>(documents.size());
        for (Mapping document : documents) {
            copy.add((Mapping) deepCopy(document));
        }
        return copy;
    }

    @Override
    public String toString() {
        return "Mapping"
                + items.stream().filter(i -> !i.isComment()).map(Item::name).toList();
    }
}
