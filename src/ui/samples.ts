export interface Sample {
  id: string;
  name: string;
  file: string;
}

/** The bundled BSDS500 samples listed in public/samples/samples.json. */
export async function fetchSamples(): Promise<Sample[]> {
  const res = await fetch(`${import.meta.env.BASE_URL}samples/samples.json`);
  if (!res.ok) throw new Error(`samples.json: HTTP ${res.status}`);
  return (await res.json()) as Sample[];
}

export function sampleUrl(sample: Sample): string {
  return `${import.meta.env.BASE_URL}samples/${sample.file}`;
}
