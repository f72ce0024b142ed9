/** A tensor's elements as plain numbers (row-major). */
export function numbers(t: { data: ArrayLike<number> }): number[] {
  return Array.from(t.data as ArrayLike<number>);
}
