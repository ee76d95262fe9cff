import { useLookups } from "../stores/lookups";

/** The options of a category select: "none" first, then the tenant's categories in the agent's language. */
export function CategoryOptions({ none }: { none: string }) {
  const lookups = useLookups();
  return (
    <>
      <option value="">{none}</option>
      {lookups.categories.value.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </>
  );
}
