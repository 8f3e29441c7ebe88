// The priority step of "Enqueue Task...": 1 (highest) to 10 (lowest), 5 the engine's default. Pure.

export const DEFAULT_PRIORITY = 5;

export interface PriorityChoice {
  priority: number;
  label: string;
  description: string;
}

export function priorityChoices(): PriorityChoice[] {
  return Array.from({ length: 10 }, (_, index) => {
    const priority = index + 1;
    const description =
      priority === 1 ? 'Highest' : priority < DEFAULT_PRIORITY ? 'Higher' : priority === DEFAULT_PRIORITY ? 'Normal (default)' : priority === 10 ? 'Lowest' : 'Lower';
    return { priority, label: `Priority ${priority}`, description };
  });
}
